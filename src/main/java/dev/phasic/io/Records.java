package dev.phasic.io;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/** A record as a map of its components by name, and back through its canonical constructor (which checks it). */
public final class Records {
    private Records() {}

    /** Every component by name, in declaration order. */
    public static Map<String, Object> toMap(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            for (RecordComponent c : r.getClass().getRecordComponents()) out.put(c.getName(), c.getAccessor().invoke(r));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The record of {@code type} with every component taken from {@code values}; the constructor's exceptions pass through. */
    public static <R extends Record> R fromMap(Class<R> type, Map<String, Object> values) {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            if (!values.containsKey(cs[i].getName())) throw new IllegalStateException("no value for " + cs[i].getName());
            args[i] = values.get(cs[i].getName());
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON value (number, boolean, string) as a component of type {@code t}; enums by name. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object convert(Object v, Class<?> t) {
        if (t == double.class) return ((Number) v).doubleValue();
        if (t == int.class) return ((Number) v).intValue();
        if (t == long.class) return ((Number) v).longValue();
        if (t == boolean.class) return (Boolean) v;
        if (t.isEnum()) return Enum.valueOf((Class<? extends Enum>) t, (String) v);
        return t.cast(v);
    }
}
