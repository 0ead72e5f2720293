/**
 * Decoding (FFmpeg), resampling to 16 kHz mono, speech detection, trimming and windows: where a file becomes standardized speech.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.audio;
