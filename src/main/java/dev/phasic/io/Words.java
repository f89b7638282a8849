package dev.phasic.io;

import java.util.List;

/** Lists in messages and help, spelt as English writes them. */
public final class Words {
    private Words() {}

    /** "a", "a or b", "a, b or c" (an item's own commas stay). */
    public static String either(List<String> items) {
        return items.size() < 2 ? String.join("", items)
                : String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }
}
