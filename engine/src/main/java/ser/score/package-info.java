/**
 * Bulk scoring: inputs and archives, the pipeline, rows and the results file.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.score;
