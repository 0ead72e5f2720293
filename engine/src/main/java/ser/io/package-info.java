/**
 * Durable files: atomic writes, JSON, hashes, folder trees.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.io;
