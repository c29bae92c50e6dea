// Package javahash reproduces the few Java hashing rules that decide the
// order in which AWS's (Java) front end reports things: String.hashCode and
// the iteration order of a Java 7 HashMap. The validation generator orders
// a structure's violations with it, and the runtime orders rendered map
// values with it, so both must agree: hence one package.
package javahash

// String is Java's String.hashCode, over UTF-16 code units.
func String(s string) int32 {
	var h int32
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			h = 31*h + 0xD800 + r>>10
			h = 31*h + 0xDC00 + r&0x3FF
			continue
		}
		h = 31*h + r
	}
	return h
}

// supplemental is the extra hash Java 7's HashMap applies to hashCode.
func supplemental(h uint32) uint32 {
	h ^= (h >> 20) ^ (h >> 12)
	return h ^ (h >> 7) ^ (h >> 4)
}

// HashMapOrder returns keys in the iteration order of a Java 7 HashMap
// (capacity 16, load factor 0.75, new entries at the head of their bucket,
// chains reversed on resize) into which they were put in the given order,
// and the bucket each key ended in.
func HashMapOrder(keys []string) (order []string, bucket map[string]uint32) {
	type entry struct {
		key  string
		hash uint32
		next *entry
	}
	table := make([]*entry, 16)
	threshold, size := 12, 0
	for _, k := range keys {
		h := supplemental(uint32(String(k)))
		i := h & uint32(len(table)-1)
		if size >= threshold && table[i] != nil {
			grown := make([]*entry, 2*len(table))
			for _, e := range table {
				for e != nil {
					next := e.next
					j := e.hash & uint32(len(grown)-1)
					e.next, grown[j] = grown[j], e
					e = next
				}
			}
			table, threshold = grown, 2*threshold
			i = h & uint32(len(table)-1)
		}
		table[i] = &entry{key: k, hash: h, next: table[i]}
		size++
	}
	order = make([]string, 0, len(keys))
	bucket = make(map[string]uint32, len(keys))
	for i, e := range table {
		for ; e != nil; e = e.next {
			order = append(order, e.key)
			bucket[e.key] = uint32(i)
		}
	}
	return order, bucket
}
