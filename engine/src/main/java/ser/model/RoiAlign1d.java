package ser.model;

import static org.bytedeco.pytorch.global.torch.arange;
import static org.bytedeco.pytorch.global.torch.index_select;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * RoI Align over time, from LibTorch tensor ops, so autograd differentiates it. The semantics are
 * torchvision's {@code roi_align} restricted to one axis: a region {@code [x1, x2]} (in input
 * units, scaled by {@code spatialScale}) is cut into {@code bins} equal bins; each bin averages
 * {@code samplingRatio} points spaced evenly inside it, each read by linear interpolation. With
 * {@code aligned} the region is shifted by half a step, so that frame {@code t} covers
 * {@code [t, t+1)} and a region of zero length has zero width; without it, widths are at least 1.
 * Points more than one step outside the map read zero; points between −1 and 0 read frame 0, and
 * points past the last frame read the last frame.
 *
 * <p>The sampling ratio is fixed ({@code > 0}): torchvision's adaptive choice ({@code ceil(width /
 * bins)}) would give each region its own number of points and defeat vectorization.
 */
public final class RoiAlign1d {
    private final int bins;
    private final int samplingRatio;
    private final double spatialScale;
    private final boolean aligned;

    public RoiAlign1d(int bins, int samplingRatio, double spatialScale, boolean aligned) {
        if (bins <= 0 || samplingRatio <= 0 || spatialScale <= 0) {
            throw new IllegalArgumentException("bins, samplingRatio and spatialScale must be positive");
        }
        this.bins = bins;
        this.samplingRatio = samplingRatio;
        this.spatialScale = spatialScale;
        this.aligned = aligned;
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
        long channels = features.size(1);
        long length = features.size(2);
        long regions = rois.size(0);
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

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(Tensors.shape(t));
    }
}
