package ser.model;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Copies between LibTorch tensors (on any device) and Java arrays (row-major). */
public final class Tensors {
    private Tensors() {
    }

    /**
     * The tensors of a vector ({@code module.parameters()}, {@code buffers()}) as handles of their own. The
     * preset's {@code TensorVector.get} returns a reference into the vector's memory, which dangles once the vector
     * is collected — a crash in native code on whatever uses it next; these copies share the module's tensors and
     * outlive the vector.
     */
    public static List<Tensor> owned(TensorVector vector) {
        List<Tensor> out = new ArrayList<>();
        for (long i = 0; i < vector.size(); i++) {
            out.add(new Tensor(vector.get(i)));
        }
        Reference.reachabilityFence(vector);
        return out;
    }

    /** The same for {@code named_parameters()} and {@code named_buffers()}, in their order. */
    public static Map<String, Tensor> owned(StringTensorDict dict) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (long i = 0; i < dict.size(); i++) {
            out.put(dict.get(i).key().getString(), new Tensor(dict.get(i).value()));
        }
        Reference.reachabilityFence(dict);
        return out;
    }

    /** A tensor made on the host, on {@code device} where that is a GPU; the same tensor otherwise. */
    public static Tensor onDevice(Tensor host, Device device) {
        return device.is_cuda() ? host.to(device, host.scalar_type()) : host;
    }

    public static float[] floats(Tensor t) {
        Tensor flat = t.detach().cpu().to(ScalarType.Float).contiguous().reshape(-1);
        float[] out = new float[(int) flat.numel()];
        try (FloatIndexer ix = flat.createIndexer()) {
            ix.get(0, out);
        }
        return out;
    }

    public static double[] doubles(Tensor t) {
        Tensor flat = t.detach().cpu().to(ScalarType.Double).contiguous().reshape(-1);
        double[] out = new double[(int) flat.numel()];
        try (DoubleIndexer ix = flat.createIndexer()) {
            ix.get(0, out);
        }
        return out;
    }

    /** The sizes of a three-dimensional tensor. */
    public record Shape3(int a, int b, int c) {
    }

    public static Shape3 shape3(Tensor t) {
        long[] s = shape(t);
        if (s.length != 3) {
            throw new IllegalArgumentException("expected a 3-d tensor, got " + java.util.Arrays.toString(s));
        }
        return new Shape3((int) s[0], (int) s[1], (int) s[2]);
    }

    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }
}
