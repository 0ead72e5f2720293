package ser.kernels;

import static org.bytedeco.cuda.global.cudart.*;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * RoI Align over time on a CUDA device, twin of {@link RoiAlignCpu}, on device memory; features and
 * regions may be strided, outputs and gradients are contiguous. Launches are asynchronous on the output
 * buffer's stream. The backward pass accumulates with atomicAdd (regions overlap), so
 * its last bits can differ from run to run.
 */
public final class RoiAlignCuda implements RoiAlignOp {
    private static final int BLOCK = 256;
    private final RoiAlignSpec spec;
    private final int device;

    RoiAlignCuda(RoiAlignSpec spec, int device) {
        this.spec = spec;
        this.device = device;
    }

    @Override
    public RoiAlignSpec spec() {
        return spec;
    }

    @Override
    public void forward(Floats featuresIn, MapLayout map, Floats roisIn, RoiLayout roiLayout, Floats outTo) {
        String op = "roi_align_1d forward";
        Floats.OnDevice features = Floats.onDevice(featuresIn, op, "the features");
        Floats.OnDevice rois = Floats.onDevice(roisIn, op, "the regions");
        Floats.OnDevice out = Floats.onDevice(outTo, op, "the output");
        Supplier<String> shapes = () -> "features " + map + ", rois " + roiLayout + ", " + spec;
        long outputs = outputs(map, roiLayout, spec, op, shapes);
        checkBuffers(op, shapes, features.length() < map.span() || rois.length() < roiLayout.span() || out.length() < outputs,
                features, rois, out);
        if (outputs == 0) {
            return;
        }
        CudaDriver.on(device).launch(op, shapes, blocks(outputs), 1, BLOCK, out.stream(),
                new LaunchArgs.RoiAlignForward(features.address(), map.batchStride(), map.channelStride(), map.timeStride(),
                        map.batch(), map.channels(), map.length(), rois.address(), roiLayout.rowStride(),
                        roiLayout.columnStride(), roiLayout.regions(), spec.bins(), spec.samplingRatio(),
                        (float) spec.spatialScale(), spec.aligned() ? 1 : 0, out.address()));
    }

    @Override
    public void backward(Floats gradOutIn, MapLayout map, Floats roisIn, RoiLayout roiLayout, Floats gradTo) {
        String op = "roi_align_1d backward";
        Floats.OnDevice gradOut = Floats.onDevice(gradOutIn, op, "the output gradient");
        Floats.OnDevice rois = Floats.onDevice(roisIn, op, "the regions");
        Floats.OnDevice grad = Floats.onDevice(gradTo, op, "the feature gradient");
        Supplier<String> shapes = () -> "features " + map + ", rois " + roiLayout + ", " + spec;
        long outputs = outputs(map, roiLayout, spec, op, shapes);
        long values = (long) map.batch() * map.channels() * map.length();
        checkBuffers(op, shapes, gradOut.length() < outputs || rois.length() < roiLayout.span() || grad.length() < values,
                gradOut, rois, grad);
        if (values == 0) {
            return;
        }
        CudaDriver driver = CudaDriver.on(device);
        driver.makeCurrent();
        CudaDriver.check(cuMemsetD32Async(grad.address(), 0, values, grad.stream()), op, "cuMemsetD32Async", shapes);
        if (outputs == 0) {
            return;
        }
        driver.launch(op, shapes, blocks(outputs), 1, BLOCK, grad.stream(),
                new LaunchArgs.RoiAlignBackward(gradOut.address(), map.batch(), map.channels(), map.length(), rois.address(),
                        roiLayout.rowStride(), roiLayout.columnStride(), roiLayout.regions(), spec.bins(),
                        spec.samplingRatio(), (float) spec.spatialScale(), spec.aligned() ? 1 : 0, grad.address()));
    }

    private void checkBuffers(String op, Supplier<String> shapes, boolean tooShort, Floats.OnDevice... buffers) {
        for (Floats.OnDevice b : buffers) {
            if (b.device() != device) {
                throw new KernelException(op + ": a buffer on device " + b.device() + " for the op on device " + device);
            }
        }
        if (tooShort) {
            throw new KernelException(op + ": buffers of " + Arrays.stream(buffers).map(b -> b.length() + "")
                    .toList() + " floats are too short for " + shapes.get());
        }
    }

    private static long outputs(MapLayout map, RoiLayout rois, RoiAlignSpec spec, String op, Supplier<String> shapes) {
        long outputs = (long) rois.regions() * map.channels() * spec.bins();
        if (outputs > 0 && map.length() == 0) {
            throw new KernelException(op + ": an empty time axis for " + shapes.get());
        }
        if (outputs > Integer.MAX_VALUE) {
            throw new KernelException(op + ": " + outputs + " outputs, above the kernel's 32-bit indexing, " + shapes.get());
        }
        return outputs;
    }

    private static int blocks(long outputs) {
        return (int) ((outputs + BLOCK - 1) / BLOCK);
    }
}
