package ser.model;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.LongIndexer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Copies between LibTorch tensors and Java arrays (CPU, row-major). */
public final class Tensors {
    private Tensors() {
    }

    public static float[] floats(Tensor t) {
        Tensor flat = t.detach().to(ScalarType.Float).contiguous().reshape(-1);
        float[] out = new float[(int) flat.numel()];
        try (FloatIndexer ix = flat.createIndexer()) {
            ix.get(0, out);
        }
        return out;
    }

    public static double[] doubles(Tensor t) {
        Tensor flat = t.detach().to(ScalarType.Double).contiguous().reshape(-1);
        double[] out = new double[(int) flat.numel()];
        try (DoubleIndexer ix = flat.createIndexer()) {
            ix.get(0, out);
        }
        return out;
    }

    public static long[] longs(Tensor t) {
        Tensor flat = t.detach().to(ScalarType.Long).contiguous().reshape(-1);
        long[] out = new long[(int) flat.numel()];
        try (LongIndexer ix = flat.createIndexer()) {
            ix.get(0, out);
        }
        return out;
    }

    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }
}
