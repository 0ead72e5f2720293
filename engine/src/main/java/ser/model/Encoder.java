package ser.model;

import static org.bytedeco.pytorch.global.torch.dropout;

import java.lang.ref.Reference;
import org.bytedeco.pytorch.LSTMImpl;
import org.bytedeco.pytorch.LSTMOptions;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.MultiheadAttentionImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * log-Mel [B, 1, T, M] → CNN blocks → BLSTM → (self-attention) → [B, T', 2·hidden]. The CNN
 * learns local time-frequency patterns, the BLSTM their order, attention long-range context.
 */
final class Encoder extends Module {
    private final ModelConfig config;
    private final ConvStack cnn;
    private final LSTMImpl lstm;
    private final MultiheadAttentionImpl attention;
    private final LayerNormImpl attentionNorm;

    Encoder(ModelConfig config) {
        this.config = config;
        this.cnn = register_module("cnn", new ConvStack(config));
        int flattened = config.channels().get(config.channels().size() - 1) * (config.nMels() >> config.channels().size());
        var lstmOptions = new LSTMOptions(flattened, config.lstmHidden());
        lstmOptions.bidirectional().put(true);
        lstmOptions.batch_first().put(true);
        lstm = register_module("blstm", new LSTMImpl(lstmOptions));
        if (config.architecture().regions()) {
            attention = register_module("attention", new MultiheadAttentionImpl(config.encoderWidth(), config.attentionHeads()));
            attentionNorm = register_module("attention_norm", new LayerNormImpl(new LongVector(new long[] {config.encoderWidth()})));
        } else {
            attention = null;
            attentionNorm = null;
        }
    }

    ConvStack cnn() {
        return cnn;
    }

    /** @param padding [B, T'] true where a step lies past the utterance's end (ignored by attention) */
    Tensor forward(Tensor logMel, Tensor padding) {
        Tensor x = cnn.forward(logMel);
        long batch = x.size(0);
        long steps = x.size(2);
        x = x.permute(0, 2, 1, 3).reshape(batch, steps, -1); // [B, T', C·F']
        x = dropout(x, config.dropout(), is_training());
        // get0() refers into the returned tuple's memory: a tensor of its own outlives the tuple, which the GC
        // may free once it is unreachable (a pointer scope holds it, but not every caller has one)
        var recurrent = lstm.forward(x);
        x = new Tensor(recurrent.get0()); // [B, T', 2H]
        Reference.reachabilityFence(recurrent);
        if (attention == null) {
            return x;
        }
        Tensor sequence = x.transpose(0, 1); // LibTorch's attention wants [T', B, E]
        var attentionOut = attention.forward(sequence, sequence, sequence, padding, false, new Tensor(), true);
        Tensor attended = new Tensor(attentionOut.get0());
        Reference.reachabilityFence(attentionOut);
        return attentionNorm.forward(sequence.add(attended)).transpose(0, 1);
    }
}
