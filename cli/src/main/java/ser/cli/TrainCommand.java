package ser.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.pytorch.Device;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.data.LabelSet;
import ser.dist.DistEnv;
import ser.dist.ProcessGroup;
import ser.io.FileTrees;
import ser.io.JsonFiles;
import ser.model.ModelBundle;
import ser.report.Metrics;
import ser.model.ModelKind;
import ser.runtime.LibTorch;
import ser.train.EnsembleRecipe;
import ser.train.Ensembles;
import ser.train.Pretraining;
import ser.train.Sampling;
import ser.train.SvmBaseline;
import ser.train.SeedSet;
import ser.train.TrainConfig;
import ser.train.TrainingListener;
import ser.train.TrainingRun;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model on labelled corpora and write a model directory.",
                "Speaker-independent train/dev split; a checkpoint after every epoch",
                "(--resume continues); early stopping on dev UA. The directory holds",
                "weights.pt, model.json, config.json, provenance.json, metrics.json,",
                "curves.png and confusion.png."})
final class TrainCommand implements Callable<Integer> {
    private static final TrainConfig D = TrainConfig.defaults(List.of(), LabelSet.SIX.labels(), ModelKind.RCNN_BLSTM);

    @Spec
    CommandSpec spec;

    @Option(names = "--data", split = ",", paramLabel = "DIR",
            description = "corpus folders or path,label,speaker CSV manifests (required unless --config names them)")
    List<String> data;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "model directory to write")
    Path out;

    @Option(names = "--model", converter = ModelKindConverter.class, paramLabel = "rcnn-blstm|cnn-blstm|windows-blstm|svm",
            description = "the paper's network, the network without regions and attention, the paper's network with fixed "
                    + "sliding windows in place of proposals, or the SVM baseline (default: rcnn-blstm)")
    ModelKind model = D.model();

    @Option(names = "--epochs", description = "most epochs (default: ${DEFAULT-VALUE})")
    int epochs = D.epochs();

    @Option(names = "--batch-size", description = "clips per step (default: ${DEFAULT-VALUE})")
    int batchSize = D.batchSize();

    @Option(names = "--lr", description = "peak AdamW learning rate (default: ${DEFAULT-VALUE})")
    double learningRate = D.learningRate();

    @Option(names = "--patience", description = "epochs without a better dev UA before stopping (default: ${DEFAULT-VALUE})")
    int patience = D.patience();

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = D.seed();

    @Option(names = "--seeds", split = ",", paramLabel = "S,S,...",
            description = "train the recipe once per seed into MODEL_DIR/seed-S, then write MODEL_DIR/seeds.json with the dev figures as mean ± standard deviation; all seeds hold out the same speakers (--split-seed)")
    List<Long> seeds;

    @Option(names = "--split-seed", description = "seed of the speaker split, kept apart from --seed so that seeds share their held-out speakers (default: ${DEFAULT-VALUE})")
    long splitSeed = D.splitSeed();

    @Option(names = "--sampling", description = "shuffle|corpus_balanced: each clip once per epoch with class-weighted loss, or draws balancing classes and, within a class, corpora (default: ${DEFAULT-VALUE})")
    Sampling sampling = D.sampling();

    @Option(names = "--average-epochs", paramLabel = "K", description = "the model is the mean of the weights of the K epochs "
            + "with the best dev UA (checkpoint averaging); 1 keeps the best epoch alone. A finished run resumed with another K "
            + "averages again without training (default: ${DEFAULT-VALUE})")
    int averageEpochs = D.averageEpochs();

    @Option(names = "--labels", split = ",", description = "classes to learn (default: ${DEFAULT-VALUE})")
    List<String> labels = D.labels();

    @Option(names = "--dev-fraction", description = "share of each corpus's speakers for dev, outside CREMA-D (default: ${DEFAULT-VALUE})")
    double devFraction = D.devFraction();

    @Option(names = "--test-fraction", description = "share of each corpus's speakers for test, outside CREMA-D (default: ${DEFAULT-VALUE})")
    double testFraction = D.testFraction();

    @Mixin
    ThreadsOption threads;

    @Option(names = "--pretrain", description = "none|dae: denoising-autoencoder pre-training of the CNN (default: ${DEFAULT-VALUE})")
    Pretraining pretraining = D.pretraining();

    @Option(names = "--pretrain-epochs", description = "epochs of pre-training (default: ${DEFAULT-VALUE})")
    int pretrainEpochs = D.pretrainEpochs();

    @Mixin
    DeviceOption device;

    @Option(names = "--nproc-per-node", paramLabel = "N",
            description = "start N data-parallel ranks on this machine, as torchrun does (default: ${DEFAULT-VALUE})")
    int nprocPerNode = 1;

    @Option(names = "--backend", description = "auto|gloo|nccl for a distributed job; auto is NCCL when every rank has a GPU "
            + "of its own and the build carries NCCL, else Gloo (default: ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--bucket-mb", paramLabel = "MIB", description = "a distributed job averages gradients in buckets of this "
            + "many MiB while backward runs, as DDP does; 0 averages them all after backward (default: ${DEFAULT-VALUE}, DDP's)")
    double bucketMb = 25;

    @Option(names = "--rank", description = "this process's rank (default: RANK from the environment)")
    Integer rank;

    @Option(names = "--world-size", description = "ranks in the job (default: WORLD_SIZE from the environment, else 1); "
            + "given, even 1, it forms a job")
    Integer worldSize;

    @Option(names = "--local-rank", paramLabel = "N", description = "this rank's place on its machine, its GPU with --device cuda "
            + "(default: LOCAL_RANK from the environment, else 0)")
    Integer localRank;

    @Option(names = "--master-addr", description = "rank 0's address (default: MASTER_ADDR, else 127.0.0.1)")
    String masterAddr;

    @Option(names = "--master-port", description = "rank 0's rendezvous port (default: MASTER_PORT, else 29500; a free one for --nproc-per-node)")
    Integer masterPort;

    @Option(names = "--dist-timeout", paramLabel = "S",
            description = "seconds a rank waits for the others at rendezvous and in each collective (default: ${DEFAULT-VALUE})")
    int distTimeout = 600;

    @Option(names = "--resume", description = "continue from the last checkpoint in MODEL_DIR; refused when anything but --epochs, --threads and --average-epochs changed")
    boolean resume;

    @Option(names = "--overwrite", description = "replace the model or checkpoints MODEL_DIR already holds")
    boolean overwrite;

    @Option(names = "--config", paramLabel = "FILE|DIR",
            description = "a config.json, or a model directory: its recipe; for an ensemble (such as models/default) every "
                    + "member's recipe with its seed, each into members/NAME under --out, then the ensemble of them, model/ "
                    + "under --out (--resume builds it again). Options given on the command line override it, for every member")
    Path configFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        try {
            return train();
        } catch (IllegalArgumentException e) { // the data or the checkpoints do not fit the request
            spec.commandLine().getErr().println("ser train: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    private int train() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        EnsembleRecipe ensemble;
        TrainConfig config;
        try {
            ensemble = configFile == null ? null : EnsembleRecipe.in(configFile).orElse(null);
            config = ensemble != null ? null : configuration(configFile == null ? D
                    : TrainConfig.read(Files.isDirectory(configFile) ? configFile.resolve("config.json") : configFile), runDir());
        } catch (IllegalArgumentException | IOException e) {
            err.println("ser train: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (ensemble != null) {
            return trainEnsemble(ensemble, err);
        }
        Device resolved = LibTorch.device(device.name());
        if (averageEpochs < 1) {
            err.println("ser train: --average-epochs must be 1 (the best epoch alone) or more");
            return ExitCodes.USAGE;
        }
        if (bucketMb < 0 || nprocPerNode < 1) {
            err.println("ser train: --bucket-mb must be 0 or more and --nproc-per-node 1 or more");
            return ExitCodes.USAGE;
        }
        if (nprocPerNode > 1) {
            return LocalLauncher.run(rankArguments(config), nprocPerNode, masterPort == null ? 0 : masterPort, err);
        }
        DistEnv env;
        try {
            env = distEnv();
        } catch (IllegalArgumentException e) {
            err.println("ser train: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        // --world-size forms a job even of one rank (NCCL or Gloo with a world of one); WORLD_SIZE=1 in the
        // environment (containers and Slurm export it) stays one process.
        boolean job = env.distributed() || worldSize != null;
        if (seeds != null && (job || seeds.isEmpty())) {
            err.println("ser train: --seeds trains its runs one after another in one process; give it at least one seed and no distributed job");
            return ExitCodes.USAGE;
        }
        Device onto = job ? ProcessGroup.deviceFor(env, resolved) : resolved;
        if (env.leader()) {
            err.println(Devices.forTraining(device.name(), onto));
        } else {
            // rank 0 speaks for the job; the other ranks report only warnings and errors
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        List<Path> targets = seeds == null ? List.of(out) : seeds.stream().map(s -> SeedSet.member(out, s)).toList();
        for (Path target : targets) {
            if (refusedAsTaken(target, err)) {
                return ExitCodes.USAGE;
            }
            if (overwrite && !resume && env.leader()) {
                FileTrees.delete(target.resolve("checkpoints"));
            }
        }
        Files.createDirectories(out);
        TrainingListener progress = env.leader() ? new TrainProgress(err, System.console() != null) : TrainingListener.SILENT;
        if (seeds != null) {
            return trainSeeds(config, onto, progress, err);
        }
        TrainingRun.Summary summary;
        if (job) {
            try (ProcessGroup group = ProcessGroup.join(env, Duration.ofSeconds(distTimeout), onto, (long) (bucketMb * (1 << 20)),
                    notice -> {
                        if (env.leader()) {
                            err.println(notice);
                        }
                    })) {
                summary = TrainingRun.run(config, out, resume, progress, group, onto);
                if (env.leader()) {
                    err.println("rank 0: " + group.allReduceSummary());
                }
            }
            if (!env.leader()) {
                return ExitCodes.OK;
            }
            err.printf("trained with %d rank%s%n", env.worldSize(), env.worldSize() == 1 ? "" : "s");
        } else {
            summary = TrainingRun.run(config, out, resume, progress, null, onto);
        }
        report(summary, out, err);
        return ExitCodes.OK;
    }

    /**
     * Each member of the recipe trained as its config.json says, into {@code OUT/members/NAME}, then their ensemble,
     * {@code OUT/model}. Every member's configuration is checked before the first trains, so that a bad one fails in
     * seconds rather than after hours of the others.
     */
    private int trainEnsemble(EnsembleRecipe recipe, PrintWriter err) throws IOException {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (String own : List.of("--seed", "--seeds", "--model", "--nproc-per-node", "--world-size", "--rank")) {
            if (given.hasMatchedOption(own)) {
                err.println("ser train: " + own + " does not apply to an ensemble's recipe: each member keeps its own model and seed");
                return ExitCodes.USAGE;
            }
        }
        if (distEnv().distributed()) {
            err.println("ser train: an ensemble's recipe trains its members one after another in one process, not as a distributed job (WORLD_SIZE)");
            return ExitCodes.USAGE;
        }
        Path ensemble = out.resolve("model");
        List<Path> trained = new java.util.ArrayList<>();
        List<TrainConfig> configs = new java.util.ArrayList<>();
        for (EnsembleRecipe.Member member : recipe.members()) {
            Path dir = out.resolve(Ensembles.MEMBERS).resolve(member.name());
            if (refusedAsTaken(dir, err)) {
                return ExitCodes.USAGE;
            }
            TrainConfig config = configuration(member.config(), dir);
            if (!configs.isEmpty() && !config.data().equals(configs.get(0).data())) {
                err.println("ser train: the members of " + configFile + " were trained on different data (" + member.name() + ": "
                        + config.data() + "); --data gives them one");
                return ExitCodes.USAGE;
            }
            configs.add(config);
            trained.add(dir);
        }
        if (Files.exists(ensemble) && !resume && !overwrite) {
            err.println("ser train: " + ensemble + " exists: --overwrite replaces it, --resume builds it again from the members");
            return ExitCodes.USAGE;
        }
        Device onto = LibTorch.device(device.name());
        err.println(Devices.forTraining(device.name(), onto));
        TrainProgress progress = new TrainProgress(err, System.console() != null);
        for (int m = 0; m < trained.size(); m++) {
            Path dir = Files.createDirectories(trained.get(m));
            if (overwrite && !resume) {
                FileTrees.delete(dir.resolve("checkpoints"));
            }
            err.printf("member %d of %d, %s (seed %d) -> %s%n", m + 1, trained.size(), recipe.members().get(m).name(),
                    configs.get(m).seed(), dir);
            report(TrainingRun.run(configs.get(m), dir, resume, progress, null, onto), dir, err);
        }
        // built beside and swapped in, so that a failed build keeps the ensemble there was
        Path built = out.resolve(".model-building");
        FileTrees.delete(built);
        Ensembles.DevReport dev = Ensembles.build(trained, configs.get(0).data().stream().map(Path::of).toList(), built,
                recipe.id());
        FileTrees.delete(ensemble);
        Files.move(built, ensemble, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        err.printf("the ensemble of %d: dev UA %.3f, ECE %.3f at temperature %.3f -> %s%n", trained.size(), dev.ua(), dev.ece(),
                dev.temperature(), ensemble);
        return ExitCodes.OK;
    }

    /** Whether {@code dir} already holds a run that neither --resume nor --overwrite lets this one take over (said on err). */
    private boolean refusedAsTaken(Path dir, PrintWriter err) {
        if (!holdsModel(dir) || resume || overwrite) {
            return false;
        }
        err.println("ser train: " + dir + " already holds a model or checkpoints: --overwrite replaces them, "
                + "--resume continues that training");
        return true;
    }

    private static boolean holdsModel(Path dir) {
        return Files.exists(dir.resolve(ModelBundle.DESCRIPTION)) || Files.exists(dir.resolve(ModelBundle.WEIGHTS))
                || Files.exists(dir.resolve(SvmBaseline.MODEL)) || Files.exists(dir.resolve("checkpoints").resolve("state.json"));
    }

    private int trainSeeds(TrainConfig recipe, Device onto, TrainingListener progress, PrintWriter err) throws IOException {
        List<SeedSet.Figures> dev = new java.util.ArrayList<>();
        for (long s : seeds) {
            Path member = SeedSet.member(out, s);
            Files.createDirectories(member);
            err.printf("seed %d -> %s%n", s, member);
            TrainingRun.Summary summary = TrainingRun.run(recipe.withSeed(s), member, resume, progress, null, onto);
            report(summary, member, err);
            dev.add(summary.devFigures());
        }
        SeedSet.Summary spread = SeedSet.summarize(dev);
        JsonFiles.write(out.resolve("seeds.json"), java.util.Map.of("seeds", seeds, "recipe", recipe, "dev", spread));
        err.printf("%d seeds, dev: UA %s, WA %s, ECE %s -> %s%n", spread.runs(), spread.overall().get("ua"),
                spread.overall().get("wa"), spread.overall().get("ece"), out.resolve("seeds.json"));
        spread.perCorpus().forEach((corpus, f) -> err.printf("  %-10s dev UA %s%n", corpus, f.get("ua")));
        return ExitCodes.OK;
    }

    private static void report(TrainingRun.Summary summary, Path dir, PrintWriter err) {
        Metrics dev = summary.dev();
        String how = summary.state() == null ? "SVM"
                : String.format("best epoch %d of %d, decision %s", summary.state().bestEpoch(), summary.state().epoch(),
                        summary.decision());
        String ece = summary.devCalibration() == null ? "" : String.format(" ECE %.3f", summary.devCalibration().ece());
        err.printf("%s; dev WA %.3f UA %.3f%s; %d train, %d dev clips -> %s%n", how, dev.wa(), dev.ua(), ece,
                summary.trainClips(), summary.devClips(), dir);
        summary.devPerCorpus().forEach((corpus, m) ->
                err.printf("  %-10s dev WA %.3f UA %.3f (%d clips)%n", corpus, m.wa(), m.ua(), m.total()));
    }

    /** {@code base} (the defaults, or a --config's recipe) with what the command line gave, for the run in {@code runDir}. */
    private TrainConfig configuration(TrainConfig base, Path runDir) throws IOException {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> corpora = pick(given, "--data", data, base.data());
        if (corpora == null || corpora.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--data=DIR' (or a --config that names the data)");
        }
        return new TrainConfig(corpora, pick(given, "--labels", labels, base.labels()), pick(given, "--model", model, base.model()),
                pick(given, "--epochs", epochs, base.epochs()), pick(given, "--batch-size", batchSize, base.batchSize()),
                pick(given, "--lr", learningRate, base.learningRate()), base.weightDecay(),
                pick(given, "--patience", patience, base.patience()), pick(given, "--seed", seed, base.seed()),
                pick(given, "--split-seed", splitSeed, base.splitSeed()),
                pick(given, "--dev-fraction", devFraction, base.devFraction()),
                pick(given, "--test-fraction", testFraction, base.testFraction()), pick(given, "--threads", threads.count, base.threads()),
                pick(given, "--pretrain", pretraining, base.pretraining()),
                pick(given, "--pretrain-epochs", pretrainEpochs, base.pretrainEpochs()),
                pick(given, "--sampling", sampling, base.sampling()),
                resume && !given.hasMatchedOption("--average-epochs") ? recordedAverage(runDir, base.averageEpochs())
                        : pick(given, "--average-epochs", averageEpochs, base.averageEpochs()),
                base.speakerAdversary(), base.networkSize(), base.augmentation(), base.logMel(), base.vad());
    }

    /** Flags whose names are not their setting's: every other flag is its setting's name with dashes for underscores. */
    private static final java.util.Map<String, String> SETTING_OF_FLAG = java.util.Map.of("--lr", "learning_rate",
            "--pretrain", "pretraining");

    /**
     * Help's footer: the settings of {@link TrainConfig} that no flag sets ({@link #configuration} takes them from
     * the config file), with their defaults, one per line, as a config.json's "train" section names them.
     */
    static String[] configFileSettings(CommandSpec train) {
        java.util.Set<String> flagged = new java.util.HashSet<>();
        for (CommandLine.Model.OptionSpec option : train.options()) {
            String flag = option.longestName();
            flagged.add(SETTING_OF_FLAG.getOrDefault(flag, flag.replaceFirst("^--", "").replace('-', '_')));
        }
        List<String> lines = new java.util.ArrayList<>(List.of("", "Set by a --config file's \"train\" section alone (defaults):"));
        JsonFiles.MAPPER.valueToTree(D).fields().forEachRemaining(setting -> {
            if (!flagged.contains(setting.getKey())) {
                addLeaves(lines, setting.getKey(), setting.getValue());
            }
        });
        return lines.toArray(String[]::new);
    }

    private static void addLeaves(List<String> lines, String path, JsonNode node) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> addLeaves(lines, path + "." + f.getKey(), f.getValue()));
        } else {
            lines.add("  " + path + " " + node);
        }
    }

    /** What the run being resumed averages (its config.json), so that leaving the flag out keeps what it kept. */
    private static int recordedAverage(Path runDir, int otherwise) throws IOException {
        Path saved = runDir.resolve("config.json");
        if (!Files.isRegularFile(saved)) {
            return otherwise;
        }
        JsonNode k = JsonFiles.MAPPER.readTree(saved.toFile()).path("train").path("average_epochs");
        return k.isInt() ? k.asInt() : 1; // runs saved before averaging was a setting kept the best epoch alone
    }

    /** Where a run of this command writes: MODEL_DIR, or the first seed's folder. */
    private Path runDir() {
        return seeds == null || seeds.isEmpty() ? out : SeedSet.member(out, seeds.get(0));
    }

    /** The job from the flags, falling back to the launcher's environment variables. */
    private DistEnv distEnv() {
        DistEnv fromEnv = DistEnv.fromEnvironment(System.getenv(), backend);
        int world = worldSize != null ? worldSize : fromEnv.worldSize();
        int local = localRank != null ? localRank : fromEnv.localRank();
        return new DistEnv(rank != null ? rank : fromEnv.rank(), world, local,
                Math.min(world, Math.max(local + 1, fromEnv.localWorldSize())), masterAddr != null ? masterAddr : fromEnv.masterAddr(),
                masterPort != null ? masterPort : fromEnv.masterPort(), backend);
    }

    /** This command's arguments for one rank: without --nproc-per-node, with its share of the cores. */
    private List<String> rankArguments(TrainConfig config) {
        List<String> args = new java.util.ArrayList<>();
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("--nproc-per-node")) {
                i++;
            } else if (!a.startsWith("--nproc-per-node=")) {
                args.add(a);
            }
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--threads")) {
            args.addAll(List.of("--threads", Integer.toString(Math.max(1, config.threads() / nprocPerNode))));
        }
        return args;
    }

    private <T> T pick(CommandLine.ParseResult given, String option, T fromCommandLine, T fromFile) {
        return configFile == null || given.hasMatchedOption(option) ? fromCommandLine : fromFile;
    }

    /** Accepts rcnn-blstm, cnn-blstm, windows-blstm, svm in any case, with dashes or underscores. */
    static final class ModelKindConverter implements CommandLine.ITypeConverter<ModelKind> {
        @Override
        public ModelKind convert(String value) {
            String name = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            try {
                return ModelKind.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown model '" + value + "': use rcnn-blstm, cnn-blstm, windows-blstm or svm");
            }
        }
    }
}
