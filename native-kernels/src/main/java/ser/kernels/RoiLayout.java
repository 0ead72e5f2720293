package ser.kernels;

/** {@code regions} rows of (batch index, x1, x2): value j of row r at {@code r*rowStride + j*columnStride}. */
public record RoiLayout(int regions, long rowStride, long columnStride) {

    public RoiLayout {
        if (regions < 0) {
            throw new IllegalArgumentException("negative region count " + regions);
        }
    }

    public static RoiLayout contiguous(int regions) {
        return new RoiLayout(regions, 3, 1);
    }

    public long span() {
        return regions == 0 ? 0 : (regions - 1) * rowStride + 2 * columnStride + 1;
    }

    @Override
    public String toString() {
        return "[" + regions + ", 3] strides (" + rowStride + ", " + columnStride + ")";
    }
}
