/**
 * Log-Mel and hand-crafted features: where speech becomes the matrix the network reads.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.features;
