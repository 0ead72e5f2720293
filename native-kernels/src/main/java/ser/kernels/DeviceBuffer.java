package ser.kernels;

import static org.bytedeco.cuda.global.cudart.*;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Device memory from {@code cuMemAlloc}, for callers that have no LibTorch tensor to hand the kernels:
 * the contract tests, the kernel benchmark and the log-Mel kernel's cached constants. Copies are
 * synchronous.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaDriver driver;
    private final long address;
    private final long bytes;
    private boolean closed;

    private DeviceBuffer(CudaDriver driver, long bytes) {
        this.driver = driver;
        this.bytes = bytes;
        driver.makeCurrent();
        long[] handle = {0};
        CudaDriver.check(cuMemAlloc(handle, Math.max(bytes, 4)), "device buffer", "cuMemAlloc",
                () -> bytes + " bytes on device " + driver.device());
        this.address = handle[0];
    }

    public static DeviceBuffer allocate(int device, long bytes) {
        return new DeviceBuffer(CudaDriver.on(device), bytes);
    }

    public static DeviceBuffer of(int device, float[] values) {
        DeviceBuffer buffer = allocate(device, 4L * values.length);
        try (FloatPointer host = new FloatPointer(values)) {
            buffer.upload(host);
        }
        return buffer;
    }

    public static DeviceBuffer of(int device, int[] values) {
        DeviceBuffer buffer = allocate(device, 4L * values.length);
        try (IntPointer host = new IntPointer(values)) {
            buffer.upload(host);
        }
        return buffer;
    }

    public static DeviceBuffer of(int device, long[] values) {
        DeviceBuffer buffer = allocate(device, 8L * values.length);
        try (LongPointer host = new LongPointer(values)) {
            buffer.upload(host);
        }
        return buffer;
    }

    private void upload(Pointer host) {
        long size = host.limit() * host.sizeof();
        if (size > 0) {
            CudaDriver.check(cuMemcpyHtoD(address, host, size), "device buffer", "cuMemcpyHtoD", () -> size + " bytes");
        }
    }

    /** The device address, as kernels take it. */
    public long address() {
        return address;
    }

    public long bytes() {
        return bytes;
    }

    public int device() {
        return driver.device();
    }

    /** Fills the buffer with copies of one 32-bit pattern (for example a NaN, to see unwritten outputs). */
    public void fill(float value) {
        driver.makeCurrent();
        CudaDriver.check(cuMemsetD32(address, Float.floatToRawIntBits(value), bytes / 4), "device buffer", "cuMemsetD32",
                () -> bytes + " bytes");
    }

    public float[] toFloats() {
        float[] values = new float[(int) (bytes / 4)];
        driver.makeCurrent();
        try (FloatPointer host = new FloatPointer(values.length)) {
            if (values.length > 0) {
                CudaDriver.check(cuMemcpyDtoH(host, address, bytes), "device buffer", "cuMemcpyDtoH", () -> bytes + " bytes");
            }
            host.get(values);
        }
        return values;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.makeCurrent();
            cuMemFree(address);
        }
    }
}
