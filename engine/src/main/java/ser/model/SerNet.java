package ser.model;

import static org.bytedeco.pytorch.global.torch.arange;
import static org.bytedeco.pytorch.global.torch.dropout;
import static org.bytedeco.pytorch.global.torch.relu;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv1dImpl;
import org.bytedeco.pytorch.Conv1dOptions;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The recognition network. RCNN-BLSTM: encoder → proposal network (objectness and offsets per
 * anchor) → regions → RoI Align → classifier, giving class logits per region plus multiple-
 * instance weights. CNN-BLSTM: encoder → mean over the utterance → classifier, one region.
 */
public final class SerNet extends Module {
    private final ModelConfig config;
    private final Encoder encoder;
    private final RegionProposer proposer;
    private final RoiAlign1d roiAlign;
    private final Conv1dImpl rpnConv;
    private final Conv1dImpl rpnObjectness;
    private final Conv1dImpl rpnDeltas;
    private final LinearImpl hidden;
    private final LinearImpl classifier;
    private final LinearImpl detector;

    public SerNet(ModelConfig config) {
        this.config = config;
        this.encoder = register_module("encoder", new Encoder(config));
        this.proposer = new RegionProposer(config);
        int width = config.encoderWidth();
        if (config.architecture() == Architecture.RCNN_BLSTM) {
            int anchors = config.anchorSteps().size();
            var conv = new Conv1dOptions(width, width, new LongPointer(new long[] {3}));
            conv.padding().put(new LongPointer(new long[] {1}));
            rpnConv = register_module("rpn_conv", new Conv1dImpl(conv));
            rpnObjectness = register_module("rpn_objectness", new Conv1dImpl(width, anchors, new LongPointer(new long[] {1})));
            rpnDeltas = register_module("rpn_deltas", new Conv1dImpl(width, 2L * anchors, new LongPointer(new long[] {1})));
        } else {
            rpnConv = null;
            rpnObjectness = null;
            rpnDeltas = null;
        }
        if (config.architecture().regions()) {
            roiAlign = new RoiAlign1d(config.roiBins(), config.samplingRatio(), 1.0, true);
            hidden = register_module("head_hidden", new LinearImpl((long) width * config.roiBins(), config.headHidden()));
            detector = register_module("head_detector", new LinearImpl(config.headHidden(), config.classes()));
        } else {
            roiAlign = null;
            hidden = register_module("head_hidden", new LinearImpl(width, config.headHidden()));
            detector = null;
        }
        classifier = register_module("head_classifier", new LinearImpl(config.headHidden(), config.classes()));
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * @param logMel      [B, 1, T, nMels]
     * @param validFrames log-Mel frames of each item that hold speech (the rest is padding)
     */
    public NetOutput forward(Tensor logMel, int[] validFrames) {
        Device device = hidden.weight().device();
        if (logMel.is_cuda() != device.is_cuda()) {
            logMel = logMel.to(device, ScalarType.Float); // batches are built on the host
        }
        int stride = config.frameStride();
        int batch = validFrames.length;
        long steps = logMel.size(2) / stride;
        int[] validSteps = new int[batch];
        long[] valid = new long[batch];
        for (int b = 0; b < batch; b++) {
            validSteps[b] = (int) Math.max(1, Math.min(steps, Math.ceil(validFrames[b] / (double) stride)));
            valid[b] = validSteps[b];
        }
        Tensor validTensor = Tensor.create(valid, batch).unsqueeze(1);
        Tensor padding = arange(new Scalar(steps), new org.bytedeco.pytorch.TensorOptions(ScalarType.Long))
                .unsqueeze(0).ge(validTensor).to(logMel.device(), ScalarType.Bool); // [B, T']
        Tensor encoded = encoder.forward(logMel, padding); // [B, T', E]
        if (config.architecture() == Architecture.CNN_BLSTM) {
            return meanOverTime(encoded, padding, validSteps);
        }
        return regions(encoded, validSteps);
    }

    private NetOutput meanOverTime(Tensor encoded, Tensor padding, int[] validSteps) {
        Tensor keep = padding.logical_not().to(encoded.scalar_type()).unsqueeze(2);
        Tensor mean = encoded.mul(keep).sum(new long[] {1}, false, null).div(keep.sum(new long[] {1}, false, null));
        Tensor features = relu(hidden.forward(mean));
        Tensor logits = classifier.forward(dropout(features, config.dropout(), is_training())).unsqueeze(1); // [B, 1, K]
        int batch = validSteps.length;
        float[][][] boxes = new float[batch][1][];
        int[][] anchors = new int[batch][1];
        for (int b = 0; b < batch; b++) {
            boxes[b][0] = new float[] {0, validSteps[b]};
            anchors[b][0] = -1;
        }
        return new NetOutput(logits, null, null, null, new Proposals(boxes, anchors), validSteps, features);
    }

    private NetOutput regions(Tensor encoded, int[] validSteps) {
        int batch = validSteps.length;
        Tensor map = encoded.transpose(1, 2); // [B, E, T']
        Tensor objectness = null;
        Tensor deltas = null;
        Proposals proposals;
        if (rpnConv == null) {
            proposals = Proposals.slidingWindows(validSteps, config.proposals());
        } else {
            Tensor shared = relu(rpnConv.forward(map));
            objectness = rpnObjectness.forward(shared).transpose(1, 2).reshape(batch, -1); // [B, T'·A]
            deltas = rpnDeltas.forward(shared).transpose(1, 2).reshape(batch, -1);         // [B, T'·A·2]
            try (NoGradGuard noGrad = new NoGradGuard()) {
                proposals = proposer.propose(rows(objectness, batch), rows(deltas, batch), validSteps);
            }
        }
        int regions = config.regionsPerUtterance();
        float[] rois = new float[batch * regions * 3];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < regions; r++) {
                int o = (b * regions + r) * 3;
                rois[o] = b;
                rois[o + 1] = proposals.boxes()[b][r][0];
                rois[o + 2] = proposals.boxes()[b][r][1];
            }
        }
        Tensor pooled = roiAlign.apply(map, Tensor.create(rois, (long) batch * regions, 3).to(map.device(), map.scalar_type()));
        Tensor features = relu(hidden.forward(pooled.reshape(pooled.size(0), -1)));
        Tensor wholeUtterance = features.reshape(batch, regions, -1).select(1, 0); // region 0 spans the utterance
        Tensor dropped = dropout(features, config.dropout(), is_training());
        Tensor logits = classifier.forward(dropped).reshape(batch, regions, -1);
        Tensor detection = detector.forward(dropped).reshape(batch, regions, -1);
        return new NetOutput(logits, detection, objectness, deltas, proposals, validSteps, wholeUtterance);
    }

    private static float[][] rows(Tensor t, int batch) {
        float[] flat = Tensors.floats(t);
        int width = flat.length / batch;
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) {
            rows[b] = java.util.Arrays.copyOfRange(flat, b * width, (b + 1) * width);
        }
        return rows;
    }

    /** Starts the CNN blocks from a pre-trained denoising autoencoder of the same layout. */
    public void initialiseCnnFrom(DenoisingAutoencoder autoencoder) {
        encoder.cnn().copyFrom(autoencoder.cnn());
    }

    /** The anchors the proposal network's outputs refer to. */
    public AnchorGeometry anchors() {
        return proposer.geometry();
    }
}
