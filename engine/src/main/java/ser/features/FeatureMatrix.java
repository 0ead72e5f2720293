package ser.features;

/** A time-major matrix: {@code frames} rows of {@code bins} values, row-major in {@code data}. */
public record FeatureMatrix(int frames, int bins, float[] data) {
    public FeatureMatrix {
        if (frames < 0 || bins <= 0 || data.length != frames * bins) {
            throw new IllegalArgumentException("shape " + frames + "x" + bins + " does not fit " + data.length + " values");
        }
    }

    public float get(int frame, int bin) {
        return data[frame * bins + bin];
    }
}
