/**
 * Loading LibTorch and choosing the device.
 *
 * <p>Internal to ser: applications use {@link ser.api}.
 */
package ser.runtime;
