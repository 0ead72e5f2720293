package ser.model;

import static org.bytedeco.pytorch.global.torch.arange;
import static org.bytedeco.pytorch.global.torch.index_select;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import ser.kernels.Floats;
import ser.kernels.MapLayout;
import ser.kernels.RoiAlignCpu;
import ser.kernels.RoiAlignOp;
import ser.kernels.RoiAlignSpec;
import ser.kernels.RoiLayout;

/**
 * RoI Align over time ({@link RoiAlignSpec} states the semantics). Where a gradient is needed it is
 * built from LibTorch tensor ops, which autograd differentiates; without one, CUDA tensors go through
 * the custom kernel and float CPU tensors through its CPU twin, the same float arithmetic. All three are
 * judged by the same double-precision reference in the tests.
 */
public final class RoiAlign1d {
    private final RoiAlignSpec spec;
    /** The twin owns scratch, and inference threads share a network: one twin per thread. */
    private final ThreadLocal<RoiAlignCpu> twins;

    public RoiAlign1d(int bins, int samplingRatio, double spatialScale, boolean aligned) {
        this.spec = new RoiAlignSpec(bins, samplingRatio, spatialScale, aligned);
        this.twins = ThreadLocal.withInitial(() -> new RoiAlignCpu(spec));
    }

    /**
     * Pools {@code features} [N, C, T] over {@code rois} [R, 3] rows of (batch index, x1, x2), giving
     * [R, C, bins]. Gradients flow to {@code features}; the regions are treated as constants.
     */
    public Tensor apply(Tensor features, Tensor rois) {
        if (features.dim() != 3 || rois.dim() != 2 || rois.size(1) != 3) {
            throw new IllegalArgumentException("roi_align_1d: features must be [N, C, T] and rois [R, 3], got "
                    + shape(features) + " and " + shape(rois));
        }
        if (!features.requires_grad()) {
            if (CudaKernels.runOn(features.device())) {
                return kernel(features, rois);
            }
            if (!features.is_cuda() && features.scalar_type() == ScalarType.Float) {
                return twin(features, rois);
            }
        }
        return differentiable(features, rois);
    }

    /** The tensor ops, which autograd differentiates (and which serve CUDA tensors when the kernels cannot load). */
    private Tensor differentiable(Tensor features, Tensor rois) {
        long channels = features.size(1);
        long length = features.size(2);
        long regions = rois.size(0);
        int bins = spec.bins();
        int samplingRatio = spec.samplingRatio();
        double spatialScale = spec.spatialScale();
        boolean aligned = spec.aligned();
        int points = bins * samplingRatio;
        Tensor boxes = rois.detach().to(features.scalar_type());
        Tensor batch = boxes.select(1, 0).toType(ScalarType.Long);
        double offset = aligned ? 0.5 : 0.0;
        Tensor start = boxes.select(1, 1).mul(new Scalar(spatialScale)).sub(new Scalar(offset));
        Tensor width = boxes.select(1, 2).mul(new Scalar(spatialScale)).sub(new Scalar(offset)).sub(start);
        if (!aligned) {
            width = width.clamp_min(new Scalar(1.0));
        }
        Tensor binWidth = width.div(new Scalar((double) bins));
        // Point k of bin p sits at p + (k + 0.5) / samplingRatio bin widths from the start.
        Tensor steps = arange(new Scalar(points), features.options());
        Tensor fraction = steps.div(new Scalar((double) samplingRatio)).floor()
                .add(steps.remainder(new Scalar(samplingRatio)).add(new Scalar(0.5)).div(new Scalar((double) samplingRatio)));
        Tensor position = start.unsqueeze(1).add(binWidth.unsqueeze(1).mul(fraction.unsqueeze(0))); // [R, points]
        Tensor inside = position.ge(new Scalar(-1.0)).logical_and(position.le(new Scalar((double) length)))
                .to(features.scalar_type());
        Tensor x = position.clamp(new org.bytedeco.pytorch.ScalarOptional(new Scalar(0.0)),
                new org.bytedeco.pytorch.ScalarOptional(new Scalar((double) (length - 1))));
        Tensor low = x.floor();
        Tensor fracHigh = x.sub(low);
        Tensor lowIndex = low.toType(ScalarType.Long);
        Tensor highIndex = lowIndex.add(new Scalar(1)).clamp_max(new Scalar(length - 1));
        Tensor weightLow = fracHigh.neg().add(new Scalar(1.0)).mul(inside).unsqueeze(1);
        Tensor weightHigh = fracHigh.mul(inside).unsqueeze(1);

        Tensor perRegion = index_select(features, 0, batch); // [R, C, T]
        long[] expanded = {regions, channels, points};
        Tensor valueLow = perRegion.gather(2, lowIndex.unsqueeze(1).expand(expanded));
        Tensor valueHigh = perRegion.gather(2, highIndex.unsqueeze(1).expand(expanded));
        Tensor sampled = valueLow.mul(weightLow).add(valueHigh.mul(weightHigh)); // [R, C, points]
        return sampled.reshape(regions, channels, bins, samplingRatio).mean(new long[] {3}, false, null);
    }

    /**
     * The CUDA kernel, for inference: LibTorch autograd cannot take a Java-defined Function
     * (javacpp-presets#1706), so training differentiates the tensor ops above.
     */
    private Tensor kernel(Tensor features, Tensor rois) {
        Tensor map = features.to(ScalarType.Float);
        Tensor boxes = rois.to(features.device(), ScalarType.Float);
        int regions = (int) boxes.size(0);
        Tensor out = map.new_empty(regions, map.size(1), spec.bins());
        int device = CudaKernels.device(map);
        var stream = CudaKernels.stream(map);
        MapLayout layout = new MapLayout((int) map.size(0), (int) map.size(1), (int) map.size(2), map.stride(0),
                map.stride(1), map.stride(2));
        RoiLayout roiLayout = new RoiLayout(regions, boxes.stride(0), boxes.stride(1));
        RoiAlignOp.cuda(spec, device).forward(Floats.device(device, CudaKernels.address(map), available(map), stream), layout,
                Floats.device(device, CudaKernels.address(boxes), available(boxes), stream), roiLayout,
                Floats.device(device, CudaKernels.address(out), out.numel(), stream));
        return features.scalar_type() == ScalarType.Float ? out : out.to(features.scalar_type());
    }

    /** Floats from a float tensor's first element to the end of its storage: what a strided view may reach. */
    private static long available(Tensor t) {
        return t.storage().nbytes() / 4 - t.storage_offset();
    }

    /** The kernel's CPU twin, for inference on the CPU. */
    private Tensor twin(Tensor features, Tensor rois) {
        Tensor map = features.contiguous();
        Tensor boxes = rois.to(ScalarType.Float).contiguous();
        int regions = (int) boxes.size(0);
        float[] out = twins.get().forward(Tensors.floats(map),
                MapLayout.contiguous((int) map.size(0), (int) map.size(1), (int) map.size(2)), Tensors.floats(boxes),
                RoiLayout.contiguous(regions));
        return Tensor.create(out, regions, map.size(1), spec.bins());
    }

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(Tensors.shape(t));
    }
}
