package ser.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --nproc-per-node N}: starts N ranks of the same command on this machine, as torchrun does,
 * with RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT set, each with its share of the
 * cores; relays their stderr, waits for them, and stops the others as soon as one fails.
 */
final class LocalLauncher {
    private LocalLauncher() {
    }

    static int run(List<String> rankArguments, int ranks, int port, PrintWriter err) throws IOException, InterruptedException {
        int masterPort = port > 0 ? port : freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> processes = new ArrayList<>();
        List<Thread> relays = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(rankArguments);
            var builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            Map<String, String> env = builder.environment();
            env.put("RANK", Integer.toString(r));
            env.put("LOCAL_RANK", Integer.toString(r));
            env.put("WORLD_SIZE", Integer.toString(ranks));
            env.put("LOCAL_WORLD_SIZE", Integer.toString(ranks));
            env.put("MASTER_ADDR", "127.0.0.1");
            env.put("MASTER_PORT", Integer.toString(masterPort));
            Process process = builder.start();
            processes.add(process);
            relays.add(relay(process, r == 0 ? "" : "rank " + r + ": ", err));
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
        }
        for (Thread relay : relays) {
            relay.join();
        }
        if (failed >= 0) {
            err.printf("ser train: rank %d exited with code %d; the other ranks were stopped%n", failed, code);
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /**
     * Copies a rank's stderr to this command's, as torchrun does: rank 0's as it comes (its progress bar
     * redraws a line with carriage returns), the other ranks' line by line with their rank in front.
     */
    private static Thread relay(Process process, String prefix, PrintWriter err) {
        Thread relay = new Thread(() -> {
            try (var in = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
                if (prefix.isEmpty()) {
                    char[] chunk = new char[4096];
                    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                        synchronized (err) {
                            err.write(chunk, 0, n);
                            err.flush();
                        }
                    }
                } else {
                    var lines = new BufferedReader(in);
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        synchronized (err) {
                            err.println(prefix + line);
                            err.flush();
                        }
                    }
                }
            } catch (IOException e) {
                // the rank is gone; its exit code tells the rest
            }
        }, "rank-stderr");
        relay.setDaemon(true);
        relay.start();
        return relay;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
