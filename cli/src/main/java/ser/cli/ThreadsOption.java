package ser.cli;

import picocli.CommandLine.Option;

/** {@code --threads}, shared by the commands whose network math runs on LibTorch's intra-op threads. */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "LibTorch threads for the network (default: all cores, ${DEFAULT-VALUE} here)")
    int count = Runtime.getRuntime().availableProcessors();
}
