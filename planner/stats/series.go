package stats

import (
	"math"
	"slices"
)

// Second is one second of one route: requests and the sum of their
// durations in milliseconds (saturating at 2^32-1).
type Second struct {
	N  uint32
	Ms uint32
}

func (s *Second) add(n, ms uint32) {
	s.N += n
	if sum := uint64(s.Ms) + uint64(ms); sum > math.MaxUint32 {
		s.Ms = math.MaxUint32
	} else {
		s.Ms = uint32(sum)
	}
}

// sparseLimit is how many distinct seconds an hour page keeps as a list
// before it turns into a 3,600-slot array: 64 x 12 bytes against 28.8 KB.
const sparseLimit = 64

type sparseSecond struct {
	off uint16
	Second
}

type page struct {
	dense  *[3600]Second
	sparse []sparseSecond
}

func (p *page) add(off uint16, n, ms uint32) {
	if p.dense != nil {
		p.dense[off].add(n, ms)
		return
	}
	for i := len(p.sparse) - 1; i >= 0; i-- {
		if p.sparse[i].off == off {
			p.sparse[i].add(n, ms)
			return
		}
	}
	if len(p.sparse) < sparseLimit {
		p.sparse = append(p.sparse, sparseSecond{off, Second{n, ms}})
		return
	}
	p.dense = new([3600]Second)
	for _, s := range p.sparse {
		p.dense[s.off] = s.Second
	}
	p.sparse = nil
	p.dense[off].add(n, ms)
}

// Series holds one route's requests per second.
type Series struct {
	pages    map[int64]*page
	lastHour int64
	last     *page
}

// Add counts one request at Unix second t lasting ms (negative: unknown, 0).
func (s *Series) Add(t, ms int64) {
	s.add(t, 1, uint32(max(0, min(ms, math.MaxUint32))))
}

func (s *Series) add(t int64, n, ms uint32) {
	hour := floorDiv(t, 3600)
	p := s.last
	if p == nil || hour != s.lastHour {
		if s.pages == nil {
			s.pages = map[int64]*page{}
		}
		p = s.pages[hour]
		if p == nil {
			p = &page{}
			s.pages[hour] = p
		}
		s.lastHour, s.last = hour, p
	}
	p.add(uint16(t-hour*3600), n, ms)
}

// Merge adds o's seconds.
func (s *Series) Merge(o *Series) {
	for hour, p := range o.pages {
		base := hour * 3600
		if p.dense != nil {
			for off, sec := range p.dense {
				if sec.N > 0 {
					s.add(base+int64(off), sec.N, sec.Ms)
				}
			}
			continue
		}
		for _, sec := range p.sparse {
			s.add(base+int64(sec.off), sec.N, sec.Ms)
		}
	}
}

// Each calls fn for every second with requests, in time order.
func (s *Series) Each(fn func(t int64, sec Second)) {
	hours := make([]int64, 0, len(s.pages))
	for h := range s.pages {
		hours = append(hours, h)
	}
	slices.Sort(hours)
	for _, h := range hours {
		p := s.pages[h]
		base := h * 3600
		if p.dense != nil {
			for off, sec := range p.dense {
				if sec.N > 0 {
					fn(base+int64(off), sec)
				}
			}
			continue
		}
		sp := slices.Clone(p.sparse)
		slices.SortFunc(sp, func(a, b sparseSecond) int { return int(a.off) - int(b.off) })
		for _, sec := range sp {
			fn(base+int64(sec.off), sec.Second)
		}
	}
}

// Bytes estimates the memory the series holds.
func (s *Series) Bytes() int {
	n := 0
	for _, p := range s.pages {
		n += 64
		if p.dense != nil {
			n += 3600 * 8
		} else {
			n += cap(p.sparse) * 12
		}
	}
	return n
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
