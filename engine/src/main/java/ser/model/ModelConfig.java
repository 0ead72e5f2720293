package ser.model;

import java.util.List;

/**
 * Every setting of the network. Time steps after the CNN are {@code frameStride()} log-Mel frames
 * apart (40 ms with the defaults); anchor lengths are in those steps.
 *
 * @param channels        output channels of each CNN block (3×3 conv, batch norm, ReLU, max-pool)
 * @param timePools       time pooling of each block; frequency is always pooled by 2
 * @param lstmHidden      hidden units per direction of the BLSTM
 * @param attentionHeads  heads of the self-attention after the BLSTM (RCNN-BLSTM only)
 * @param anchorSteps     anchor lengths in time steps, at every step
 * @param preNmsTopK      proposals kept by objectness before non-maximum suppression
 * @param nmsIou          overlap above which a weaker proposal is suppressed
 * @param proposals       proposals kept after NMS; the whole utterance is always added
 * @param roiBins         RoI Align output bins per region
 * @param samplingRatio   RoI Align points per bin
 * @param headHidden      units of the hidden layer of the region classifier
 * @param dropout         dropout before the BLSTM and in the classifier
 * @param decision        how regions make the utterance decision
 * @param temperature     what the class logits are divided by before every softmax, fitted on dev after
 *                        training so that confidences are calibrated probabilities; 1 leaves them as trained
 */
public record ModelConfig(Architecture architecture, int nMels, int classes, List<Integer> channels,
                          List<Integer> timePools, int lstmHidden, int attentionHeads, List<Integer> anchorSteps,
                          int preNmsTopK, double nmsIou, int proposals, int roiBins, int samplingRatio,
                          int headHidden, double dropout, Decision decision, double temperature) {

    public static ModelConfig defaults(Architecture architecture, int nMels, int classes) {
        return new ModelConfig(architecture, nMels, classes, List.of(16, 32, 64), List.of(2, 2, 1), 96, 4,
                List.of(6, 12, 25, 50), 60, 0.5, 8, 8, 2, 128, 0.3, Decision.MOST_CONFIDENT_REGION, 1.0);
    }

    public ModelConfig {
        channels = List.copyOf(channels);
        timePools = List.copyOf(timePools);
        anchorSteps = List.copyOf(anchorSteps);
        temperature = temperature == 0 ? 1.0 : temperature; // model.json written before calibration has none
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        if (channels.size() != timePools.size() || channels.isEmpty()) {
            throw new IllegalArgumentException("one time pool per CNN block");
        }
        if (nMels % (1 << channels.size()) != 0) {
            throw new IllegalArgumentException(nMels + " Mel bins do not halve " + channels.size() + " times");
        }
        if ((2 * lstmHidden) % attentionHeads != 0) {
            throw new IllegalArgumentException("attention heads must divide the BLSTM width " + 2 * lstmHidden);
        }
    }

    /** The same network with the decision rule and temperature chosen on dev. */
    public ModelConfig withCalibration(Decision chosen, double fitted) {
        return new ModelConfig(architecture, nMels, classes, channels, timePools, lstmHidden, attentionHeads, anchorSteps,
                preNmsTopK, nmsIou, proposals, roiBins, samplingRatio, headHidden, dropout, chosen, fitted);
    }

    /** Log-Mel frames per time step of the encoder output. */
    public int frameStride() {
        return timePools.stream().reduce(1, (a, b) -> a * b);
    }

    /** Width of the encoder output: both BLSTM directions. */
    public int encoderWidth() {
        return 2 * lstmHidden;
    }

    /** Regions classified per utterance: the proposals plus the whole utterance. */
    public int regionsPerUtterance() {
        return proposals + 1;
    }
}
