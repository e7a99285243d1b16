package org.gapscope.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import ai.djl.Device;

/**
 * A device as a user reads it: {@code CPU}, or {@code GPU 0 (NVIDIA H200)} with the name the NVIDIA
 * driver gives (DJL's own {@code toString} is {@code cpu()} / {@code gpu(0)}).
 *
 * <p>The name comes from {@code nvidia-smi --query-gpu=name}. PyTorch numbers the GPUs it sees
 * after {@code CUDA_VISIBLE_DEVICES}, which this class follows; its default order is fastest first,
 * nvidia-smi's is by PCI bus, so where the visible GPUs differ in name and {@code CUDA_DEVICE_ORDER}
 * is not {@code PCI_BUS_ID}, no name is given rather than a possibly wrong one.
 */
public final class DeviceNames {

    /** Lists the names of all GPUs in nvidia-smi's order (empty when there is no driver or tool). */
    @FunctionalInterface
    public interface GpuLister {
        /** The GPUs' names, index by index, or empty. */
        List<String> names();
    }

    private final GpuLister gpus;
    private final Map<String, String> environment;
    private List<String> cached;

    /** Names from {@code nvidia-smi} and the process environment. */
    public static DeviceNames system() {
        return new DeviceNames(() -> nvidiaSmi("nvidia-smi"), System.getenv());
    }

    /** Names from {@code gpus} under {@code environment} ({@code CUDA_VISIBLE_DEVICES}, {@code CUDA_DEVICE_ORDER}). */
    public DeviceNames(GpuLister gpus, Map<String, String> environment) {
        this.gpus = gpus;
        this.environment = Map.copyOf(environment);
    }

    /** {@code CPU}, {@code GPU n (name)}, or {@code GPU n} when the name is not known for sure. */
    public synchronized String describe(Device device) {
        if (!device.isGpu()) {
            return "CPU";
        }
        int index = device.getDeviceId();
        return gpuName(index).map(name -> "GPU " + index + " (" + name + ")").orElse("GPU " + index);
    }

    private Optional<String> gpuName(int index) {
        if (cached == null) {
            cached = List.copyOf(gpus.names());
        }
        List<String> visible = visible(cached);
        if (index < 0 || index >= visible.size()) {
            return Optional.empty();
        }
        boolean sameOrder = "PCI_BUS_ID".equals(environment.get("CUDA_DEVICE_ORDER"));
        boolean allAlike = visible.stream().distinct().count() == 1;
        return sameOrder || allAlike ? Optional.of(visible.get(index)) : Optional.empty();
    }

    /** The GPUs PyTorch sees: those {@code CUDA_VISIBLE_DEVICES} lists by index, else all of them. */
    private List<String> visible(List<String> all) {
        String list = environment.get("CUDA_VISIBLE_DEVICES");
        if (list == null) {
            return all;
        }
        List<String> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String id = item.strip();
            if (id.isEmpty()) {
                break;
            }
            try {
                int i = Integer.parseInt(id);
                if (i < 0 || i >= all.size()) {
                    break; // CUDA stops at the first invalid entry
                }
                out.add(all.get(i));
            } catch (NumberFormatException e) {
                return List.of(); // UUIDs or MIG names: the mapping is not worth guessing
            }
        }
        return out;
    }

    /** Asks {@code tool} (nvidia-smi), within a few seconds, for every GPU's name; empty when that fails. */
    static List<String> nvidiaSmi(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--query-gpu=name", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            // a line per GPU fits the pipe's buffer, so waiting before reading cannot block the tool
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            if (p.exitValue() != 0) {
                return List.of();
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            return List.of(); // no NVIDIA driver tools on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
