/**
 * The synthetic emotional-speech corpus the tests and demos use.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.synth;
