package dev.phasic.nn;

/** A named group of modules, so parameter names read {@code inference.layer3.hidden.weight}. */
public final class Container extends Module {
    public <M extends Module> M add(String name, M module) {
        return registerModule(name, module);
    }
}
