/**
 * Corpora: naming conventions, scans, labels and speaker-independent splits.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.data;
