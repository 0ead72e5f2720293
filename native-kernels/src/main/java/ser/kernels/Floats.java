package ser.kernels;

import org.bytedeco.cuda.cudart.CUstream_st;

/**
 * float32 memory an op reads or writes: a host array for the CPU twins, device memory for the CUDA
 * kernels. An op refuses the other kind, naming it.
 */
public sealed interface Floats {
    /** How many floats it holds. */
    long length();

    static Floats host(float[] values) {
        return new Host(values);
    }

    /** {@code length} floats at {@code address} on CUDA device {@code device}; work on it is queued on {@code stream} (null: the default stream). */
    static Floats device(int device, long address, long length, CUstream_st stream) {
        return new OnDevice(device, address, length, stream);
    }

    record Host(float[] values) implements Floats {
        @Override
        public long length() {
            return values.length;
        }
    }

    record OnDevice(int device, long address, long length, CUstream_st stream) implements Floats {
    }

    /** The host array of {@code floats}, for a CPU twin. */
    static float[] hostArray(Floats floats, String op, String role) {
        if (floats instanceof Host host) {
            return host.values();
        }
        throw new IllegalArgumentException(op + ": " + role + ": device memory, but the CPU twin takes a host array");
    }

    /** The device memory of {@code floats}, for a CUDA kernel. */
    static OnDevice onDevice(Floats floats, String op, String role) {
        if (floats instanceof OnDevice device) {
            return device;
        }
        throw new KernelException(op + ": " + role + ": a host array, but the CUDA kernel takes device memory");
    }
}
