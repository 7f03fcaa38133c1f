package dev.nabla.optim;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes and reads an {@link Optimizer}'s state as an {@link OptimizerState} (flat keys). */
final class StateDicts {

    private static final Logger LOG = LoggerFactory.getLogger(StateDicts.class);
    private static final String STATE = "state.";
    private static final String GROUPS = "param_groups.";

    private StateDicts() {
    }

    static <O extends OptimizerOptions> OptimizerState write(Optimizer<O> opt) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        List<Tensor> params = opt.params();
        for (int i = 0; i < params.size(); i++) {
            ParamState s = opt.state(i);
            if (s == null) {
                continue;
            }
            scalars.put(STATE + i + ".step", (double) s.step);
            for (Map.Entry<String, float[]> b : s.buffers.entrySet()) {
                tensors.put(STATE + i + "." + b.getKey(), Optimizer.tensorOf(b.getValue().clone(), params.get(i).shape()));
            }
        }
        for (int g = 0; g < opt.groupCount(); g++) {
            String prefix = GROUPS + g + ".";
            scalars.put(prefix + "lr", opt.lr(g));
            scalars.put(prefix + "params", (double) opt.group(g).params().size());
            for (Map.Entry<String, Double> h : opt.group(g).options().hyperParameters().entrySet()) {
                scalars.put(prefix + h.getKey(), h.getValue());
            }
        }
        return new OptimizerState(tensors, scalars);
    }

    static <O extends OptimizerOptions> void read(Optimizer<O> opt, OptimizerState state) {
        List<String> errors = new ArrayList<>();
        int n = opt.params().size();
        ParamState[] loaded = new ParamState[n];
        double[] lrs = new double[opt.groupCount()];
        readScalars(opt, state.scalars(), loaded, lrs, errors);
        readTensors(opt, state.tensors(), loaded, errors);
        for (int i = 0; i < n; i++) {
            checkComplete(opt, i, loaded[i], errors);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(opt.name() + ".loadStateDict: the state does not fit this optimizer ("
                    + n + " parameters in " + opt.groupCount() + " groups): " + String.join("; ", errors));
        }
        warnOnDifferentHyperParameters(opt, state.scalars());
        opt.restore(loaded, lrs);
    }

    private static <O extends OptimizerOptions> void readScalars(Optimizer<O> opt, Map<String, Double> scalars,
                                                                 ParamState[] loaded, double[] lrs, List<String> errors) {
        boolean[] hasLr = new boolean[lrs.length];
        boolean[] hasCount = new boolean[lrs.length];
        for (Map.Entry<String, Double> e : scalars.entrySet()) {
            String key = e.getKey();
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            Key k = Key.parse(key);
            if (k == null) {
                errors.add("unknown key '" + key + "'");
            } else if (k.state) {
                if (k.index >= loaded.length || !k.name.equals("step")) {
                    errors.add("unknown key '" + key + "'");
                } else if (!(v >= 1) || v != Math.rint(v) || v > 1L << 53) {
                    errors.add("'" + key + "' must be a whole number >= 1, got " + v);
                } else {
                    loaded[k.index] = loaded[k.index] == null ? new ParamState() : loaded[k.index];
                    loaded[k.index].step = (long) v;
                }
            } else if (k.index >= lrs.length) {
                errors.add("'" + key + "' names group " + k.index + " but there are " + lrs.length + " groups");
            } else if (k.name.equals("lr")) {
                hasLr[k.index] = true;
                lrs[k.index] = v;
                if (!(v >= 0) || Double.isInfinite(v)) {
                    errors.add("'" + key + "' must be finite and >= 0, got " + v);
                }
            } else if (k.name.equals("params")) {
                hasCount[k.index] = true;
                int expected = opt.group(k.index).params().size();
                if (v != expected) {
                    errors.add("group " + k.index + " has " + fmt(v) + " parameters in the state, " + expected + " here");
                }
            } else if (!opt.group(k.index).options().hyperParameters().containsKey(k.name)) {
                errors.add("unknown hyper-parameter '" + key + "'");
            }
        }
        for (int g = 0; g < lrs.length; g++) {
            if (!hasLr[g]) {
                errors.add("missing '" + GROUPS + g + ".lr'");
            }
            if (!hasCount[g]) {
                errors.add("missing '" + GROUPS + g + ".params'");
            }
        }
    }

    private static <O extends OptimizerOptions> void readTensors(Optimizer<O> opt, Map<String, Tensor> tensors,
                                                                 ParamState[] loaded, List<String> errors) {
        List<Tensor> params = opt.params();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            Key k = Key.parse(key);
            if (k == null || !k.state || k.index >= params.size()
                    || !opt.bufferNames(opt.group(opt.groupOf(k.index)).options()).contains(k.name)) {
                errors.add("unknown key '" + key + "'");
                continue;
            }
            Tensor p = params.get(k.index);
            Tensor t = e.getValue();
            if (t == null || !t.shape().equals(p.shape())) {
                errors.add("'" + key + "' has shape " + (t == null ? "null" : t.shape()) + ", parameter " + k.index
                        + " has shape " + p.shape());
                continue;
            }
            loaded[k.index] = loaded[k.index] == null ? new ParamState() : loaded[k.index];
            loaded[k.index].buffers.put(k.name, t.toArray());
        }
    }

    private static <O extends OptimizerOptions> void checkComplete(Optimizer<O> opt, int i, ParamState s,
                                                                   List<String> errors) {
        if (s == null) {
            return;
        }
        if (s.step == 0) {
            errors.add("buffers of parameter " + i + " without '" + STATE + i + ".step'");
            return;
        }
        List<String> names = opt.bufferNames(opt.group(opt.groupOf(i)).options());
        Map<String, float[]> ordered = new LinkedHashMap<>();
        for (String b : names) {
            if (!s.buffers.containsKey(b)) {
                errors.add("missing '" + STATE + i + "." + b + "'");
            }
            ordered.put(b, s.buffers.get(b));
        }
        s.buffers.clear();
        s.buffers.putAll(ordered);
    }

    private static <O extends OptimizerOptions> void warnOnDifferentHyperParameters(Optimizer<O> opt,
                                                                                    Map<String, Double> scalars) {
        for (int g = 0; g < opt.groupCount(); g++) {
            for (Map.Entry<String, Double> h : opt.group(g).options().hyperParameters().entrySet()) {
                String key = GROUPS + g + "." + h.getKey();
                Double saved = scalars.get(key);
                if (saved != null && !saved.equals(h.getValue())) {
                    LOG.warn("{}.loadStateDict: '{}' was {} in the state, keeping this optimizer's {}", opt.name(), key,
                            saved, h.getValue());
                }
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A parsed key: {@code state.<index>.<name>} or {@code param_groups.<index>.<name>}. */
    private record Key(boolean state, int index, String name) {

        static Key parse(String key) {
            boolean state = key.startsWith(STATE);
            if (!state && !key.startsWith(GROUPS)) {
                return null;
            }
            String rest = key.substring(state ? STATE.length() : GROUPS.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                return null;
            }
            try {
                int index = Integer.parseInt(rest.substring(0, dot));
                return index < 0 ? null : new Key(state, index, rest.substring(dot + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
