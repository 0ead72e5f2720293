package ser.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --nproc-per-node N}: starts N ranks of the same command on this machine, as torchrun does,
 * with RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT set, each with its share of the
 * cores; waits for them, and stops the others as soon as one fails.
 */
final class LocalLauncher {
    private LocalLauncher() {
    }

    static int run(List<String> rankArguments, int ranks, int port, PrintWriter err) throws IOException, InterruptedException {
        int masterPort = port > 0 ? port : freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> processes = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(rankArguments);
            var builder = new ProcessBuilder(command).inheritIO();
            Map<String, String> env = builder.environment();
            env.put("RANK", Integer.toString(r));
            env.put("LOCAL_RANK", Integer.toString(r));
            env.put("WORLD_SIZE", Integer.toString(ranks));
            env.put("MASTER_ADDR", "127.0.0.1");
            env.put("MASTER_PORT", Integer.toString(masterPort));
            processes.add(builder.start());
        }
        err.printf("ser train: %d ranks on this machine, rendezvous at 127.0.0.1:%d%n", ranks, masterPort);
        err.flush();
        int failed = -1;
        int code = 0;
        while (failed < 0 && processes.stream().anyMatch(Process::isAlive)) {
            for (int r = 0; r < ranks; r++) {
                Process p = processes.get(r);
                if (!p.isAlive() && p.exitValue() != 0) {
                    failed = r;
                    code = p.exitValue();
                    break;
                }
            }
            processes.get(0).waitFor(200, TimeUnit.MILLISECONDS);
        }
        if (failed < 0) {
            for (int r = 0; r < ranks; r++) {
                if (processes.get(r).waitFor() != 0) {
                    failed = r;
                    code = processes.get(r).exitValue();
                    break;
                }
            }
        }
        if (failed >= 0) {
            processes.forEach(Process::destroyForcibly);
            err.printf("ser train: rank %d exited with code %d; the other ranks were stopped%n", failed, code);
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
