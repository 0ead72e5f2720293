package ser.kernels;

/**
 * RoI Align over time, the semantics of {@code torchvision.ops.roi_align} restricted to one axis: a
 * region {@code [x1, x2]} (scaled by {@code spatialScale}) is cut into {@code bins} equal bins, each the
 * mean of {@code samplingRatio} evenly spaced points read by linear interpolation. With {@code aligned}
 * the region shifts by half a frame (frame t covers [t, t+1)); without it, widths are at least 1. Points
 * more than one frame outside the map read zero, points in [-1, 0) read frame 0 and points past the last
 * frame read the last frame. The sampling ratio is fixed: torchvision's adaptive choice would give every
 * region its own number of points.
 */
public record RoiAlignSpec(int bins, int samplingRatio, double spatialScale, boolean aligned) {

    public RoiAlignSpec {
        if (bins <= 0 || samplingRatio <= 0 || !(spatialScale > 0)) {
            throw new IllegalArgumentException("bins, samplingRatio and spatialScale must be positive");
        }
    }
}
