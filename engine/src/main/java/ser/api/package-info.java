/**
 * The embedding API: what a JVM application uses, and the only package whose compatibility is kept
 * across releases. Build one {@link ser.api.EmotionRecognizer}, share it between threads, and read
 * each input's {@link ser.api.Result}. Every other package of the engine is internal: public only so
 * that ser's own modules (training, the command line, benchmarks) can reach it, and free to change.
 */
package ser.api;
