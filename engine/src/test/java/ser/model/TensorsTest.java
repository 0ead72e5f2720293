package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.runtime.LibTorch;

class TensorsTest {
    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    @Test
    void ownedHandlesOutliveTheVectorTheyCameFrom() throws InterruptedException {
        List<float[]> expected = new ArrayList<>();
        List<Tensor> owned;
        {
            TensorVector vector = new TensorVector();
            for (int i = 1; i <= 8; i++) {
                float[] values = new float[i * 3];
                java.util.Arrays.fill(values, i);
                expected.add(values);
                vector.push_back(Tensor.create(values, values.length));
            }
            owned = Tensors.owned(vector);
            vector.close(); // what the collector does to an unreachable vector, and TensorVector.get's references with it
        }
        List<TensorVector> reuse = new ArrayList<>(); // new vectors in the memory the old one held
        for (int k = 0; k < 64; k++) {
            reuse.add(new TensorVector(Tensor.create(new float[] {-1f}, 1)));
        }
        assertEquals(8, owned.size());
        for (int i = 0; i < owned.size(); i++) {
            assertArrayEquals(expected.get(i), Tensors.floats(owned.get(i)), 0f, "tensor " + i);
        }
        reuse.forEach(TensorVector::close);
    }
}
