package ser.train;

import java.util.List;
import ser.model.Architecture;
import ser.model.ModelConfig;

/**
 * How big the network is, a setting of the recipe: the rest of {@link ModelConfig} (anchors, proposals, RoI
 * bins) is the method's and stays at its defaults.
 *
 * @param channels       output channels of each CNN block
 * @param timePools      time pooling of each block, one per block
 * @param lstmHidden     hidden units per direction of the BLSTM
 * @param attentionHeads heads of the self-attention; must divide twice {@code lstmHidden}
 * @param headHidden     units of the region classifier's hidden layer
 * @param dropout        dropout before the BLSTM and in the classifier
 */
public record NetworkSize(List<Integer> channels, List<Integer> timePools, int lstmHidden, int attentionHeads, int headHidden,
                          double dropout) {

    public static final NetworkSize DEFAULT = of(ModelConfig.defaults(Architecture.RCNN_BLSTM, 64, 6));

    public NetworkSize {
        channels = List.copyOf(channels);
        timePools = List.copyOf(timePools);
        if (lstmHidden < 1 || attentionHeads < 1 || headHidden < 1 || channels.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("channels, BLSTM units, attention heads and classifier units must be positive");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        }
    }

    public static NetworkSize of(ModelConfig network) {
        return new NetworkSize(network.channels(), network.timePools(), network.lstmHidden(), network.attentionHeads(),
                network.headHidden(), network.dropout());
    }

    /** The method's network for {@code architecture}, at this size. */
    public ModelConfig network(Architecture architecture, int nMels, int classes) {
        ModelConfig d = ModelConfig.defaults(architecture, nMels, classes);
        return new ModelConfig(architecture, nMels, classes, channels, timePools, lstmHidden, attentionHeads, d.anchorSteps(),
                d.preNmsTopK(), d.nmsIou(), d.proposals(), d.roiBins(), d.samplingRatio(), headHidden, dropout, d.decision(),
                d.temperature());
    }
}
