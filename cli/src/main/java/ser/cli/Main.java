package ser.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;

/** The {@code ser} command: subcommands for each job. */
@Command(name = "ser", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Speech emotion recognition: angry, disgust, fear, happy, neutral, sad.",
        subcommands = {DemoCommand.class, InfoCommand.class, ProbeCommand.class, FeaturesCommand.class, CorpusCommand.class,
                TrainCommand.class, EvalCommand.class, EnsembleCommand.class, ScoreCommand.class, StreamCommand.class,
                SynthCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for the launcher and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        lowerCaseEnumOptions(commandLine);
        CommandSpec train = commandLine.getSubcommands().get("train").getCommandSpec();
        train.usageMessage().footer(TrainCommand.configFileSettings(train));
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExpandAtFiles(false) // ser reads @list.txt itself, one verbatim path per line
                .setUsageHelpWidth(100)
                .setUsageHelpAutoWidth(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("ser " + cmd.getCommandName() + ": " + e.getMessage());
                    return ExitCodes.FAILED;
                });
    }

    /**
     * Enum options show their values and defaults in help as users type them (--split test, not TEST);
     * parsing takes either case.
     */
    private static void lowerCaseEnumOptions(CommandLine commandLine) {
        CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
        for (CommandLine.Model.OptionSpec option : List.copyOf(spec.options())) {
            if (!option.type().isEnum() || option.converters().length > 0) {
                continue;
            }
            List<String> values = Arrays.stream(option.type().getEnumConstants())
                    .map(v -> ((Enum<?>) v).name().toLowerCase(Locale.ROOT)).toList();
            var lower = option.toBuilder().completionCandidates(values);
            if (option.initialValue() instanceof Enum<?> initial) {
                lower.defaultValue(initial.name().toLowerCase(Locale.ROOT));
            }
            spec.remove(option);
            spec.addOption(lower.build());
        }
        commandLine.getSubcommands().values().forEach(Main::lowerCaseEnumOptions);
    }

    /** The project version, from the properties Maven writes at build time. */
    static String version() {
        return buildProperty("version");
    }

    /** Whether this build links LibTorch's CPU-only natives (the default; -Pgpu links the CUDA ones). */
    static boolean cpuOnlyBuild() {
        return !buildProperty("libtorch.natives").endsWith("-gpu");
    }

    private static String buildProperty(String key) {
        try (InputStream in = Main.class.getResourceAsStream("/ser-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ser " + version()};
        }
    }
}
