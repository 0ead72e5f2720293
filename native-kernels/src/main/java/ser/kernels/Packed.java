package ser.kernels;

import java.util.List;

/**
 * Arrays of different lengths laid end to end in one, as the kernels take ragged data: array {@code i}
 * is {@code values[offsets[i] … offsets[i] + lengths[i])}.
 */
public record Packed(float[] values, long[] offsets, int[] lengths) {

    public static Packed of(List<float[]> arrays) {
        long[] offsets = new long[arrays.size()];
        int[] lengths = new int[arrays.size()];
        long total = 0;
        for (int i = 0; i < arrays.size(); i++) {
            offsets[i] = total;
            lengths[i] = arrays.get(i).length;
            total += lengths[i];
        }
        float[] values = new float[Math.toIntExact(total)];
        for (int i = 0; i < arrays.size(); i++) {
            System.arraycopy(arrays.get(i), 0, values, (int) offsets[i], lengths[i]);
        }
        return new Packed(values, offsets, lengths);
    }
}
