package align

// idTable maps keys, numbers other than 0, to ids: a hash table with open
// addressing and linear probing, which the dictionary's look-ups use
// instead of a map[uint64]int32. Each Han character of a Chinese text asks
// for up to three headwords, most of which are not there; the map's
// look-up (its hash, its directory of tables, a group of eight slots) was
// four fifths of zhWords' time, and this table's is a multiplication and,
// most often, one slot: zhWords is 1.9× as fast (the English stems, fewer
// and with more work around each look-up, gain nothing). The zero value
// is an empty table. put is for building it; once built, get is safe for
// concurrent use.
type idTable struct {
	keys  []uint64 // 0 in an empty slot
	ids   []int32
	n     int  // the number of keys
	shift uint // 64 less log2(len(keys))
}

// minTableSlots is the fewest slots of a table, a power of two.
const minTableSlots = 16

// newIDTable returns a table with room for n keys.
func newIDTable(n int) idTable {
	slots := minTableSlots
	for slots < 2*n { // at most half full: few probes
		slots *= 2
	}
	t := idTable{keys: make([]uint64, slots), ids: make([]int32, slots), shift: 64}
	for s := slots; s > 1; s >>= 1 {
		t.shift--
	}
	return t
}

// slot returns where key's probe starts: Fibonacci hashing, the top bits
// of key times 2⁶⁴ divided by the golden ratio, which spreads keys that
// differ in their low bits only (headwords that differ in their last
// character) over the whole table.
func (t *idTable) slot(key uint64) int {
	return int((key * 0x9e3779b97f4a7c15) >> t.shift)
}

// get returns the id of key and whether the table has it.
func (t *idTable) get(key uint64) (int32, bool) {
	if len(t.keys) == 0 {
		return 0, false
	}
	mask := len(t.keys) - 1
	for s := t.slot(key); ; s = (s + 1) & mask {
		switch t.keys[s] {
		case key:
			return t.ids[s], true
		case 0:
			return 0, false
		}
	}
}

// put gives key, not 0, the id, growing the table when it would be more
// than half full.
func (t *idTable) put(key uint64, id int32) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := len(t.keys) - 1
	s := t.slot(key)
	for t.keys[s] != 0 && t.keys[s] != key {
		s = (s + 1) & mask
	}
	if t.keys[s] == 0 {
		t.n++
	}
	t.keys[s], t.ids[s] = key, id
}

// grow moves the keys of t into a table of twice the room.
func (t *idTable) grow() {
	bigger := newIDTable(max(t.n*2, minTableSlots/2))
	for s, k := range t.keys {
		if k != 0 {
			bigger.put(k, t.ids[s])
		}
	}
	*t = bigger
}
