package ser.train;

import static org.bytedeco.pytorch.global.torch.binary_cross_entropy_with_logits;
import static org.bytedeco.pytorch.global.torch.nll_loss;
import static org.bytedeco.pytorch.global.torch.smooth_l1_loss;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import ser.model.AnchorGeometry;
import ser.model.NetOutput;
import ser.model.Tensors;

/**
 * The training objective. No corpus labels regions, so the region network learns from the
 * utterance label alone (see docs/DESIGN.md):
 * <ul>
 *   <li>whole: cross-entropy of the whole-utterance region (region 0);</li>
 *   <li>mil: multiple-instance pooling (WSDDN): the utterance's class probability is the sum over
 *       regions of (softmax over regions of the detection logits) × (softmax over classes of the
 *       region logits), and its negative log-likelihood is minimized;</li>
 *   <li>objectness and offsets, self-trained: the proposal that best supports the true class is the
 *       pseudo ground truth; anchors overlapping it by IoU ≥ 0.5 are positive, below 0.3 negative,
 *       and positives regress onto it.</li>
 * </ul>
 * Class weights (inverse frequency) balance the classification terms. Under mixup the two
 * classification terms score both labels of a clip, each with its share; the region terms follow the
 * label that weighs more.
 */
public final class Losses {
    private static final double POSITIVE_IOU = 0.5;
    private static final double NEGATIVE_IOU = 0.3;
    private static final double REGION_WEIGHT = 0.5;

    /** The terms of one step, for the progress line. */
    public record Terms(Tensor total, double whole, double mil, double objectness, double offsets) {
    }

    private final float[] classWeightValues;
    private final Tensor classWeights;
    private final AnchorGeometry anchors;

    public Losses(float[] classWeights, AnchorGeometry anchors) {
        this.classWeightValues = classWeights.clone();
        this.classWeights = Tensor.create(classWeights, classWeights.length);
        this.anchors = anchors;
    }

    public Terms compute(NetOutput out, long[] labels) {
        return compute(out, labels, null);
    }

    /** @param mixed the mixup partners' labels and weights, null when the batch is not mixed */
    public Terms compute(NetOutput out, long[] labels, Batch.Mixed mixed) {
        Tensor logits = out.regionLogits();
        Device device = logits.device();
        Tensor target = Tensors.onDevice(Tensor.create(labels, labels.length), device);
        Tensor weights = Tensors.onDevice(classWeights, device);
        var classification = new Classification(labels, mixed, target, weights, device);
        Tensor whole = classification.loss(logits.select(1, 0).log_softmax(1));
        if (out.detectionLogits() == null) {
            return new Terms(whole, item(whole), 0, 0, 0);
        }
        Tensor regionWeights = out.detectionLogits().softmax(1);
        Tensor classProbabilities = logits.softmax(2);
        Tensor pooled = regionWeights.mul(classProbabilities).sum(new long[] {1}, false, null).clamp_min(new Scalar(1e-8));
        Tensor mil = classification.loss(pooled.log());
        Tensor total = whole.add(mil);
        if (out.objectness() == null) {
            return new Terms(total, item(whole), item(mil), 0, 0); // fixed windows: no proposals to teach
        }
        RegionTargets targets = regionTargets(out, classProbabilities, labels, device);
        double objectnessValue = 0;
        double offsetsValue = 0;
        if (targets.labelled() > 0) {
            Tensor objectness = out.objectness().reshape(-1).index_select(0, targets.anchorIndex());
            Tensor objectnessLoss = binary_cross_entropy_with_logits(objectness, targets.objectness());
            total = total.add(objectnessLoss.mul(new Scalar(REGION_WEIGHT)));
            objectnessValue = item(objectnessLoss);
            if (targets.positives() > 0) {
                Tensor predicted = out.deltas().reshape(-1).index_select(0, targets.offsetIndex());
                Tensor offsetsLoss = smooth_l1_loss(predicted, targets.offsets(), 1, 1.0 / 9);
                total = total.add(offsetsLoss.mul(new Scalar(REGION_WEIGHT)));
                offsetsValue = item(offsetsLoss);
            }
        }
        return new Terms(total, item(whole), item(mil), objectnessValue, offsetsValue);
    }

    /**
     * Class-weighted negative log-likelihood; under mixup Σ λ·w(y)·ℓ(y) + (1 − λ)·w(y')·ℓ(y') over Σ λ·w(y) +
     * (1 − λ)·w(y'), the weighted mean that it is without mixing (λ = 1).
     */
    private final class Classification {
        private static final int REDUCTION_NONE = 0;
        private static final int REDUCTION_MEAN = 1;
        private final Batch.Mixed mixed;
        private final Tensor target;
        private final Tensor weights;
        private Tensor partnerTarget;
        private Tensor ownShare;
        private Tensor partnerShare;
        private double normalizer;

        Classification(long[] labels, Batch.Mixed mixed, Tensor target, Tensor weights, Device device) {
            this.mixed = mixed;
            this.target = target;
            this.weights = weights;
            if (mixed != null) {
                int n = labels.length;
                float[] own = mixed.ownWeight();
                float[] other = new float[n];
                for (int i = 0; i < n; i++) {
                    other[i] = 1 - own[i];
                    normalizer += own[i] * classWeightValues[(int) labels[i]]
                            + other[i] * classWeightValues[(int) mixed.partnerLabels()[i]];
                }
                partnerTarget = Tensors.onDevice(Tensor.create(mixed.partnerLabels(), n), device);
                ownShare = Tensors.onDevice(Tensor.create(own, n), device);
                partnerShare = Tensors.onDevice(Tensor.create(other, n), device);
            }
        }

        Tensor loss(Tensor logProbabilities) {
            TensorOptional classWeight = new TensorOptional(weights);
            if (mixed == null) {
                return nll_loss(logProbabilities, target, classWeight, REDUCTION_MEAN, -100);
            }
            Tensor own = nll_loss(logProbabilities, target, classWeight, REDUCTION_NONE, -100).mul(ownShare);
            Tensor partner = nll_loss(logProbabilities, partnerTarget, classWeight, REDUCTION_NONE, -100).mul(partnerShare);
            return own.add(partner).sum().div(new Scalar(normalizer));
        }
    }

    /**
     * @param anchorIndex flat indices into objectness [B·T'·A] of the labelled anchors
     * @param offsetIndex flat indices into deltas [B·T'·A·2] of the positives' two offsets
     */
    private record RegionTargets(int labelled, int positives, Tensor anchorIndex, Tensor objectness,
                                 Tensor offsetIndex, Tensor offsets) {
    }

    private RegionTargets regionTargets(NetOutput out, Tensor classProbabilities, long[] labels, Device device) {
        float[] probabilities = Tensors.floats(classProbabilities); // [B, R, K]
        int batch = labels.length;
        int regions = (int) classProbabilities.size(1);
        int classes = (int) classProbabilities.size(2);
        int perStep = anchors.anchorsPerStep();
        long steps = out.objectness().size(1) / perStep;
        List<Long> index = new ArrayList<>();
        List<Float> objectness = new ArrayList<>();
        List<Long> offsetIndex = new ArrayList<>();
        List<Float> offsets = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int best = -1;
            float bestProbability = -1;
            for (int r = 1; r < regions; r++) {
                float p = probabilities[(b * regions + r) * classes + (int) labels[b]];
                if (out.proposals().anchors()[b][r] >= 0 && p > bestProbability) {
                    best = r;
                    bestProbability = p;
                }
            }
            if (best < 0) {
                continue;
            }
            float[] box = out.proposals().boxes()[b][best];
            for (int t = 0; t < out.validSteps()[b]; t++) {
                for (int a = 0; a < perStep; a++) {
                    double[] anchor = anchors.anchor(t, a);
                    double iou = AnchorGeometry.iou(anchor[0], anchor[1], box[0], box[1]);
                    long k = (b * steps + t) * perStep + a;
                    if (iou >= POSITIVE_IOU) {
                        index.add(k);
                        objectness.add(1f);
                        double[] target = anchors.encode(t, a, box);
                        offsetIndex.add(2 * k);
                        offsetIndex.add(2 * k + 1);
                        offsets.add((float) target[0]);
                        offsets.add((float) target[1]);
                    } else if (iou < NEGATIVE_IOU) {
                        index.add(k);
                        objectness.add(0f);
                    }
                }
            }
        }
        return new RegionTargets(index.size(), offsetIndex.size() / 2, Tensors.onDevice(longs(index), device),
                Tensors.onDevice(floats(objectness), device), Tensors.onDevice(longs(offsetIndex), device),
                Tensors.onDevice(floats(offsets), device));
    }

    private static Tensor longs(List<Long> values) {
        return Tensor.create(values.stream().mapToLong(Long::longValue).toArray(), values.size());
    }

    private static Tensor floats(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return Tensor.create(a, a.length);
    }

    private static double item(Tensor t) {
        return t.item_double();
    }
}
