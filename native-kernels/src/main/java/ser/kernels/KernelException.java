package ser.kernels;

/** A CUDA kernel could not run: names the op, the shapes it was given and what CUDA said. */
public final class KernelException extends RuntimeException {
    public KernelException(String message) {
        super(message);
    }
}
