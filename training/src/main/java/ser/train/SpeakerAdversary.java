package ser.train;

import static org.bytedeco.pytorch.global.torch.nll_loss;
import static org.bytedeco.pytorch.global.torch.relu;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import ser.model.Tensors;

/**
 * Speaker-adversarial training (Ganin et al.'s gradient reversal, as Li et al. 2020 apply it to
 * emotion): a small classifier learns to name the training speaker from the whole-utterance
 * features, and the network below it receives that gradient reversed and scaled by λ, so it is
 * pushed towards features that do not tell speakers apart. Training only: the model directory
 * never holds it. λ rises from 0 to its ceiling as Ganin et al.'s schedule, 2 / (1 + e^(−10p)) − 1
 * over the progress p of the run, so that the speaker classifier has something to reverse before
 * it pushes.
 */
final class SpeakerAdversary extends Module {
    private final LinearImpl hidden;
    private final LinearImpl output;
    private final Map<String, Integer> speakers;
    private final double ceiling;

    /**
     * @param width    the width of the features it reads ({@code NetOutput.embedding()})
     * @param train    the training clips, whose speakers it learns to name
     * @param ceiling  the largest λ, reached at the end of the run
     */
    SpeakerAdversary(int width, List<Example> train, double ceiling) {
        this.speakers = new TreeMap<>();
        train.stream().map(e -> e.clip().speaker()).sorted().distinct().forEach(s -> speakers.put(s, speakers.size()));
        if (speakers.size() < 2) {
            throw new IllegalArgumentException("a speaker adversary needs at least 2 training speakers, got " + speakers.size());
        }
        this.ceiling = ceiling;
        this.hidden = register_module("hidden", new LinearImpl(width, width));
        this.output = register_module("output", new LinearImpl(width, speakers.size()));
    }

    int speakerCount() {
        return speakers.size();
    }

    /** λ at {@code progress} ∈ [0, 1] of the run. */
    double lambda(double progress) {
        return ceiling * (2 / (1 + Math.exp(-10 * Math.min(1, Math.max(0, progress)))) - 1);
    }

    /** The speaker index of each clip, in the batch's order. */
    long[] speakerIndices(List<Example> clips) {
        long[] indices = new long[clips.size()];
        for (int i = 0; i < indices.length; i++) {
            Integer index = speakers.get(clips.get(i).clip().speaker());
            if (index == null) {
                throw new IllegalArgumentException(clips.get(i).clip().path() + ": speaker " + clips.get(i).clip().speaker()
                        + " is not among the training speakers");
            }
            indices[i] = index;
        }
        return indices;
    }

    /**
     * The speaker classifier's cross-entropy on {@code embedding} [B, H]. Its own weights learn from it
     * as they are; the gradient that flows into {@code embedding} is multiplied by −λ.
     */
    Tensor loss(Tensor embedding, long[] speakerIndices, double lambda) {
        Tensor reversed = reverseGradient(embedding, lambda);
        Tensor logits = output.forward(relu(hidden.forward(reversed)));
        Tensor target = Tensors.onDevice(Tensor.create(speakerIndices, speakerIndices.length), embedding.device());
        return nll_loss(logits.log_softmax(1), target);
    }

    /** The identity forward; backward multiplies by −λ: (1 + λ)·x detached, minus λ·x. */
    static Tensor reverseGradient(Tensor x, double lambda) {
        return x.mul(new Scalar(1 + lambda)).detach().sub(x.mul(new Scalar(lambda)));
    }
}
