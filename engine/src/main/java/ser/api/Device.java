package ser.api;

/** Where the network runs. {@code AUTO} takes a CUDA device when the build and the machine have one. */
public enum Device {
    AUTO, CPU, CUDA
}
