package ser.kernels;

/**
 * A [batch, channels, length] feature map addressed by element strides, so transposed or sliced views
 * need no copy.
 */
public record MapLayout(int batch, int channels, int length, long batchStride, long channelStride, long timeStride) {

    public MapLayout {
        if (batch < 0 || channels < 0 || length < 0) {
            throw new IllegalArgumentException("negative map size " + batch + "x" + channels + "x" + length);
        }
    }

    public static MapLayout contiguous(int batch, int channels, int length) {
        return new MapLayout(batch, channels, length, (long) channels * length, length, 1);
    }

    public long offset(int n, int c, int t) {
        return n * batchStride + c * channelStride + t * timeStride;
    }

    /** One past the largest element offset: the buffer must hold at least this many values. */
    public long span() {
        if (batch == 0 || channels == 0 || length == 0) {
            return 0;
        }
        return offset(batch - 1, channels - 1, length - 1) + 1;
    }

    @Override
    public String toString() {
        return "[" + batch + ", " + channels + ", " + length + "] strides (" + batchStride + ", " + channelStride + ", "
                + timeStride + ")";
    }
}
