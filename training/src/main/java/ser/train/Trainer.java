package ser.train;

import static org.bytedeco.pytorch.global.torch.clip_grad_norm_;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.dist.ProcessGroup;
import ser.model.Decision;
import ser.model.Decisions;
import ser.model.NetOutput;
import ser.model.RegionScores;
import ser.model.SerNet;
import ser.model.Weights;
import ser.report.Metrics;
import ser.runtime.LibTorch;

/**
 * Trains a {@link SerNet} with AdamW, a linear warm-up over the first epoch then cosine decay,
 * class-weighted losses, augmentation, early stopping on dev UA (of the decision rule that is best
 * on dev that epoch, as {@link DecisionChoice} will choose it for the saved model) and a checkpoint
 * after every epoch. Every random draw of epoch N is seeded from (seed, N), so a run resumed from the
 * checkpoint of epoch N continues exactly as the uninterrupted run would have.
 *
 * <p>Data-parallel with a {@link ProcessGroup}: every rank draws the same seeded order, each step
 * takes a global batch of {@code batchSize × worldSize} clips and each rank trains on its slice;
 * gradients are averaged after backward, weighted by the clips each rank saw, so every replica takes
 * the step one process would take on the whole global batch. The last global batch of an epoch keeps
 * its clips, as PyTorch's DistributedSampler without drop_last does: a rank whose slice is short
 * weighs less, and a rank left without clips contributes a zero gradient. Every rank evaluates dev (the same weights give the same figures, so early
 * stopping agrees without messages); only rank 0 writes checkpoints.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final double MAX_GRADIENT_NORM = 5.0;
    private static final double FINAL_LR_FRACTION = 0.05;

    /** The whole history, and the best epoch's region predictions on dev (null on ranks other than 0). */
    public record Result(TrainingState state, RegionScores dev) {
    }

    private final TrainConfig config;
    private final SerNet net;
    private final Checkpoints checkpoints;
    private final TrainingListener listener;
    private final ProcessGroup group;
    private final int rank;
    private final int world;

    public Trainer(TrainConfig config, SerNet net, Checkpoints checkpoints, TrainingListener listener) {
        this(config, net, checkpoints, listener, null);
    }

    /** @param group the data-parallel job this process is a rank of, or null to train alone */
    public Trainer(TrainConfig config, SerNet net, Checkpoints checkpoints, TrainingListener listener, ProcessGroup group) {
        this.config = config;
        this.net = net;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.group = group;
        this.rank = group == null ? 0 : group.env().rank();
        this.world = group == null ? 1 : group.env().worldSize();
    }

    /**
     * @param train the training clips; may be empty when {@code resume} finds the run finished (its model is then
     *              made again from the checkpoints, averaged as the configuration says, without training)
     */
    public Result run(List<Example> train, List<Example> dev, boolean resume) throws IOException {
        if (dev.isEmpty()) {
            throw new IllegalArgumentException("need training and dev clips, got " + train.size() + " and 0");
        }
        LibTorch.setThreads(config.threads());
        AdamW optimizer = adamW(net, config);
        TrainingState state = TrainingState.start();
        if (resume) {
            state = checkpoints.restore(net, optimizer).orElse(state);
            LOG.info("resuming after epoch {} (best dev UA {} at epoch {})", state.epoch(), state.bestUa(), state.bestEpoch());
            checkAveragedEpochsKept(state);
        }
        if (!finished(state, config) && train.isEmpty()) {
            throw new IllegalArgumentException("need training and dev clips, got 0 and " + dev.size());
        }
        Checkpoints.Companion<SpeakerAdversary> adversary = finished(state, config) ? null : speakerAdversary(train);
        if (adversary != null && state.epoch() > 0) {
            checkpoints.restore(state.epoch(), adversary);
        }
        var batcher = new Batcher(config.logMel(), config.augmentation());
        var evaluation = new Batcher(config.logMel(), Augmentation.NONE);
        var epochOrder = new EpochOrder(train, config.sampling());
        var losses = train.isEmpty() ? null : new Losses(epochOrder.classWeights(config.labels().size()), net.anchors());
        int global = config.batchSize() * world;
        int stepsPerEpoch = (train.size() + global - 1) / global;
        if (group != null) {
            group.broadcast(net.parameters()); // replicas start equal even if their initialisation differed
            group.register(net.parameters());
        }
        while (!finished(state, config)) {
            int epoch = state.epoch() + 1;
            long started = System.nanoTime();
            torch.manual_seed((config.seed() * 1_000 + epoch) * world + rank); // ranks drop out differently
            List<Example> order = epochOrder.draw(new Random(config.seed() * 1_000 + epoch));
            listener.epochStarted(epoch, config.epochs(), stepsPerEpoch);
            net.train(true);
            double lossSum = 0;
            double speakerLossSum = 0;
            int correct = 0;
            int seen = 0;
            double lr = 0;
            for (int step = 0; step < stepsPerEpoch; step++) {
                int globalClips = Math.min(global, order.size() - step * global);
                int from = Math.min(order.size(), step * global + rank * config.batchSize());
                List<Example> chunk = order.subList(from, Math.min(order.size(), from + config.batchSize()));
                // A rank past the end still steps with the others: on one clip, weighted zero.
                double weight = chunk.size() * (double) world / globalClips;
                List<Example> clips = chunk.isEmpty() ? order.subList(0, 1) : chunk;
                lr = learningRate(epoch, step, stepsPerEpoch);
                optimizer.param_groups().get(0).options().set_lr(lr);
                Adversarial adversarial = null;
                if (adversary != null) {
                    adversary.optimizer().param_groups().get(0).options().set_lr(lr);
                    SpeakerAdversary speakers = adversary.module();
                    adversarial = new Adversarial(speakers, adversary.optimizer(), speakers.speakerIndices(clips),
                            speakers.lambda((epoch - 1 + step / (double) stepsPerEpoch) / config.epochs()));
                }
                try (PointerScope scope = new PointerScope()) {
                    Batch batch = batcher.training(clips, ((config.seed() * 1_000 + epoch) * 100_000 + step) * world + rank);
                    Step done = step(net, optimizer, losses, batch.input(), batch.validFrames(), batch.labels(), batch.mixed(),
                            adversarial, group, weight);
                    if (!chunk.isEmpty()) {
                        lossSum += done.terms().total().item_double() * batch.size();
                        speakerLossSum += done.speakerLoss() * batch.size();
                        correct += correctWholeRegion(done.output(), batch.labels());
                        seen += batch.size();
                    }
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                listener.stepFinished(step + 1, lossSum / Math.max(1, seen), correct / (double) Math.max(1, seen), seen / elapsed);
            }
            if (group != null) {
                group.broadcast(net.buffers()); // rank 0's batch-norm statistics, so every rank evaluates the same model
                double[] totals = group.sum(new double[] {lossSum, correct, seen});
                lossSum = totals[0];
                correct = (int) totals[1];
                seen = (int) totals[2];
            }
            Metrics devMetrics = earlyStoppingMetrics(Evaluator.scores(net, dev, evaluation), Evaluator.truth(dev), config.labels());
            boolean improved = devMetrics.ua() > state.bestUa();
            var stats = new EpochStats(epoch, lossSum / seen, correct / (double) seen, devMetrics.wa(), devMetrics.ua(), lr,
                    (System.nanoTime() - started) / 1e9);
            List<EpochStats> history = new ArrayList<>(state.history());
            history.add(stats);
            if (improved && rank == 0) {
                checkpoints.saveBest(net);
            }
            state = new TrainingState(epoch, improved ? devMetrics.ua() : state.bestUa(), improved ? epoch : state.bestEpoch(),
                    improved ? 0 : state.sinceImprovement() + 1, history);
            if (rank == 0) {
                checkpoints.save(state, net, optimizer, config.averageEpochs() > 1 // else best.pt holds the one kept
                        ? Set.copyOf(WeightAveraging.bestEpochs(state.history(), config.averageEpochs())) : Set.of(), adversary);
            }
            if (adversary != null) {
                SpeakerAdversary speakers = adversary.module();
                LOG.info("epoch {}: speaker adversary loss {} (naming none of the {} speakers: {}), λ {}", epoch,
                        String.format("%.3f", speakerLossSum / seen), speakers.speakerCount(),
                        String.format("%.3f", Math.log(speakers.speakerCount())),
                        String.format("%.3f", speakers.lambda(epoch / (double) config.epochs())));
            }
            listener.epochFinished(stats, improved);
        }
        if (rank != 0) {
            return new Result(state, null); // rank 0 alone writes the model
        }
        if (config.averageEpochs() > 1) {
            List<Integer> epochs = WeightAveraging.bestEpochs(state.history(), config.averageEpochs());
            List<Path> files = new ArrayList<>();
            for (int e : epochs) {
                files.add(checkpoints.epochWeights(e));
            }
            WeightAveraging.average(net, files);
            LOG.info("the model averages the weights of epochs {}", epochs);
        } else {
            Weights.load(net, checkpoints.bestWeights());
        }
        return new Result(state, Evaluator.scores(net, dev, evaluation));
    }

    /** The speaker adversary the configuration asks for, on the network's device, or null. */
    private Checkpoints.Companion<SpeakerAdversary> speakerAdversary(List<Example> train) {
        if (config.speakerAdversary() == 0) {
            return null;
        }
        if (group != null) {
            throw new IllegalArgumentException("the speaker adversary trains in one process; run it without a distributed job");
        }
        var adversary = new SpeakerAdversary(net.config().headHidden(), train, config.speakerAdversary());
        adversary.to(Weights.deviceOf(net), false);
        return new Checkpoints.Companion<>("speaker-adversary", adversary, adamW(adversary, config));
    }

    /** Whether a run in {@code state} has no epoch left: all run, or early stopping has ended it. */
    static boolean finished(TrainingState state, TrainConfig config) {
        return state.epoch() >= config.epochs() || state.sinceImprovement() >= config.patience();
    }

    /** Refuses, before any training, an average over epochs whose weights the run did not keep. */
    private void checkAveragedEpochsKept(TrainingState state) {
        if (config.averageEpochs() == 1) {
            return;
        }
        List<Integer> missing = WeightAveraging.bestEpochs(state.history(), config.averageEpochs()).stream()
                .filter(e -> !checkpoints.hasEpochWeights(e)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--average-epochs " + config.averageEpochs() + " needs the weights of epochs "
                    + missing + ", which this run did not keep (a run keeps those of the epochs it averages as it trains)");
        }
    }

    /** Early stopping watches the rule the model would ship with: the best of the decision rules on dev. */
    static Metrics earlyStoppingMetrics(RegionScores dev, int[] truth, List<String> labels) {
        return DecisionChoice.on(dev, truth, labels).chosen().metrics();
    }

    /** What one optimizer step computed, for its statistics; the speaker loss is 0 without an adversary. */
    public record Step(NetOutput output, Losses.Terms terms, double speakerLoss) {
    }

    /** A speaker adversary's part in one step: its optimizer, each clip's speaker and the step's λ. */
    record Adversarial(SpeakerAdversary adversary, Optimizer optimizer, long[] speakers, double lambda) {
    }

    /**
     * One optimizer step on a batch: forward, losses, backward, the gradients averaged over the ranks
     * of {@code group} (null alone), clipping, and the optimizer's update. The training loop and the
     * benchmark of a training step both run this.
     */
    public static Step step(SerNet net, Optimizer optimizer, Losses losses, Tensor input, int[] validFrames, long[] labels,
                            ProcessGroup group) {
        return step(net, optimizer, losses, input, validFrames, labels, group, 1);
    }

    /**
     * The same with this rank's loss scaled by {@code weight} before backward: its clips' share of the
     * global batch times the world size, so that the average over ranks is the mean over the clips.
     */
    public static Step step(SerNet net, Optimizer optimizer, Losses losses, Tensor input, int[] validFrames, long[] labels,
                            ProcessGroup group, double weight) {
        return step(net, optimizer, losses, input, validFrames, labels, null, null, group, weight);
    }

    /**
     * The same for a mixup batch ({@code mixed} holds the partners' labels and weights) and with a speaker adversary
     * ({@code adversarial}, whose loss joins the objective through its gradient reversal); either may be null.
     */
    static Step step(SerNet net, Optimizer optimizer, Losses losses, Tensor input, int[] validFrames, long[] labels,
                     Batch.Mixed mixed, Adversarial adversarial, ProcessGroup group, double weight) {
        optimizer.zero_grad();
        NetOutput out = net.forward(input, validFrames);
        Losses.Terms terms = losses.compute(out, labels, mixed);
        Tensor objective = terms.total();
        double speakerLoss = 0;
        if (adversarial != null) {
            adversarial.optimizer().zero_grad();
            Tensor speaker = adversarial.adversary().loss(out.embedding(), adversarial.speakers(), adversarial.lambda());
            speakerLoss = speaker.item_double();
            objective = objective.add(speaker);
        }
        Tensor loss = weight == 1 ? objective : objective.mul(new org.bytedeco.pytorch.Scalar(weight));
        if (group != null) {
            group.beforeBackward();
        }
        loss.backward();
        if (group != null) {
            group.afterBackward(net.parameters());
        }
        clip_grad_norm_(net.parameters(), MAX_GRADIENT_NORM);
        optimizer.step();
        if (adversarial != null) {
            adversarial.optimizer().step();
        }
        return new Step(out, terms, speakerLoss);
    }

    /** AdamW over every parameter of {@code module}, at the configured peak rate and weight decay. */
    static AdamW adamW(org.bytedeco.pytorch.Module module, TrainConfig config) {
        var options = new AdamWOptions(config.learningRate());
        options.weight_decay().put(config.weightDecay());
        return new AdamW(module.parameters(), options);
    }

    /** Linear warm-up over the first epoch, then cosine decay to 5 % at the last epoch. */
    double learningRate(int epoch, int step, int stepsPerEpoch) {
        double peak = config.learningRate();
        if (epoch == 1) {
            return peak * (step + 1) / stepsPerEpoch;
        }
        double progress = (epoch - 2 + step / (double) stepsPerEpoch) / Math.max(1, config.epochs() - 1);
        return peak * (FINAL_LR_FRACTION + (1 - FINAL_LR_FRACTION) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    /** Inverse class frequency, scaled so the weights average 1 over the classes present. */
    static float[] classWeights(List<Example> train, int classes) {
        int[] counts = new int[classes];
        train.forEach(e -> counts[e.label()]++);
        int present = 0;
        for (int c : counts) {
            present += c > 0 ? 1 : 0;
        }
        float[] weights = new float[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = counts[c] == 0 ? 0f : (float) (train.size() / (double) (present * counts[c]));
        }
        return weights;
    }

    private static int correctWholeRegion(NetOutput out, long[] labels) {
        float[][] whole = Decisions.utterances(RegionScores.of(out), Decision.WHOLE_UTTERANCE, 1.0);
        int correct = 0;
        for (int b = 0; b < labels.length; b++) {
            correct += Decisions.argmax(whole[b]) == labels[b] ? 1 : 0;
        }
        return correct;
    }
}
