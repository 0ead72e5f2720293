package ser.kernels;

import static org.bytedeco.cuda.global.cudart.*;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * The kernels' module on one device, loaded through the CUDA driver API from the fatbin that the build
 * put beside these classes. It uses the device's primary context, the one LibTorch's runtime calls use,
 * so kernels and LibTorch share memory and streams; every launch makes that context current first,
 * since autograd and worker threads may have none.
 */
final class CudaDriver {
    static final String FATBIN = "ser_kernels.fatbin";
    private static final Map<Integer, CudaDriver> DEVICES = new ConcurrentHashMap<>();

    private final int device;
    private final CUctx_st context;
    private final Map<String, CUfunc_st> functions = new ConcurrentHashMap<>();
    private final CUmod_st module;

    private CudaDriver(int device) {
        this.device = device;
        String op = "loading " + FATBIN + " on device " + device;
        byte[] image = fatbin();
        if (image == null) {
            throw new KernelException(op + ": this build carries no compiled kernels (nvcc was not found when it was built)");
        }
        check(cuInit(0), op, "cuInit", () -> "");
        int[] handle = {0};
        check(cuDeviceGet(handle, device), op, "cuDeviceGet", () -> "");
        context = new CUctx_st();
        check(cuDevicePrimaryCtxRetain(context, handle[0]), op, "cuDevicePrimaryCtxRetain", () -> "");
        check(cuCtxSetCurrent(context), op, "cuCtxSetCurrent", () -> "");
        module = new CUmod_st();
        try (BytePointer bytes = new BytePointer(image)) {
            check(cuModuleLoadData(module, bytes), op, "cuModuleLoadData", () -> "");
        }
    }

    /** The module on {@code device}, loaded on first use; throws {@link KernelException} when it cannot be. */
    static CudaDriver on(int device) {
        CudaStatus status = CudaStatus.query();
        if (!status.available() || device < 0 || device >= status.deviceCount()) {
            throw new KernelException("CUDA device " + device + " is not usable: " + status.summary());
        }
        return DEVICES.computeIfAbsent(device, CudaDriver::new);
    }

    /** The compiled kernels, or null when the build had no nvcc; read once. */
    static byte[] fatbin() {
        return Fatbin.BYTES;
    }

    private static final class Fatbin {
        static final byte[] BYTES = read();

        private static byte[] read() {
            try (InputStream in = CudaDriver.class.getResourceAsStream(FATBIN)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    int device() {
        return device;
    }

    void makeCurrent() {
        check(cuCtxSetCurrent(context), "device guard", "cuCtxSetCurrent", () -> "device " + device);
    }

    /**
     * Launches the kernel {@code args} names with its parameters, checking the launch. Runs asynchronously on
     * {@code stream} (null: the legacy default stream).
     */
    void launch(String op, Supplier<String> shapes, int gridX, int gridY, int block, CUstream_st stream, LaunchArgs launch) {
        String kernel = launch.kernel();
        Object[] args = launch.values();
        makeCurrent();
        CUfunc_st function = functions.computeIfAbsent(kernel, name -> {
            CUfunc_st f = new CUfunc_st();
            check(cuModuleGetFunction(f, module, name), op, "cuModuleGetFunction(" + name + ")", shapes);
            return f;
        });
        try (PointerScope scope = new PointerScope()) {
            PointerPointer<Pointer> params = new PointerPointer<>(args.length);
            for (int i = 0; i < args.length; i++) {
                params.put(i, parameter(args[i]));
            }
            check(cuLaunchKernel(function, gridX, gridY, 1, block, 1, 1, 0, stream, params, null), op,
                    "launch of " + kernel, shapes);
        }
    }

    private static Pointer parameter(Object value) {
        if (value instanceof Long v) {
            return new LongPointer(1).put(v);
        }
        if (value instanceof Integer v) {
            return new IntPointer(1).put(v);
        }
        if (value instanceof Float v) {
            return new FloatPointer(1).put(v);
        }
        if (value instanceof Pointer bytes) {
            return bytes;
        }
        throw new IllegalArgumentException("kernel parameter of type " + value.getClass());
    }

    /** Throws {@link KernelException} naming the op, the call, CUDA's error and the shapes unless rc is success. */
    static void check(int rc, String op, String call, Supplier<String> shapes) {
        if (rc == CUDA_SUCCESS) {
            return;
        }
        BytePointer name = new BytePointer((Pointer) null);
        BytePointer text = new BytePointer((Pointer) null);
        cuGetErrorName(rc, name);
        cuGetErrorString(rc, text);
        String detail = shapes.get();
        throw new KernelException(op + ": " + call + " failed with " + (name.isNull() ? "CUresult " + rc : name.getString())
                + (text.isNull() ? "" : " (" + text.getString() + ")") + (detail.isEmpty() ? "" : " for " + detail));
    }
}
