package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The four-way sums give the two-pass textbook moments, for every remainder of the count by four and any stride. */
class MomentsTest {
    @Test
    void matchesTheNaiveTwoPassMomentsForEveryCountAndStride() {
        Random random = new Random(7);
        float[] x = new float[4_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 + 2 * random.nextGaussian());
        }
        for (int stride : new int[] {1, 3, 64}) {
            for (int count : new int[] {1, 2, 3, 4, 5, 7, 61, 62}) {
                int offset = 5;
                Moments moments = Moments.of(x, offset, stride, count);
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += x[offset + i * stride];
                }
                double mean = sum / count;
                double squares = 0;
                for (int i = 0; i < count; i++) {
                    squares += (x[offset + i * stride] - mean) * (x[offset + i * stride] - mean);
                }
                String where = "stride " + stride + ", count " + count;
                assertEquals(mean, moments.mean(), 1e-12, where);
                assertEquals(Math.sqrt(squares / count), moments.std(), 1e-12, where);
            }
        }
    }

    @Test
    void noValuesHaveZeroMoments() {
        assertEquals(new Moments(0, 0), Moments.of(new float[3], 1, 1, 0));
    }
}
