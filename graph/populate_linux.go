package graph

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
	"unsafe"
)

// madvPopulateRead is MADV_POPULATE_READ (Linux 5.14), which package
// syscall does not name.
const madvPopulateRead = 22

// populate prepares the pages of the bolt file for an export, which reads
// most of them, when the file fits easily in memory (at most half of what
// the system has available). A file mostly out of the page cache is first
// read through in large sequential reads: faulting it in page by page as
// the export wanders through the B-trees took 10.7 s for the 1 GB store of
// 10k studies, against 0.9 s for reading it through and 2.5 s for the
// export then. The pages are then mapped into the process in one call
// (MADV_POPULATE_READ) instead of taking a fault for each group of pages
// as the export first touches them: on a virtual machine a fault costs
// tens of microseconds, and an export of 100k studies spent 6–8 s of
// system time in them. Best effort: on a kernel without the call, or on
// any error, nothing changes. Call it with a read transaction open, so that
// bolt cannot remap the file meanwhile.
func (s *Store) populate() {
	if s.bolt == nil {
		return
	}
	fi, err := os.Stat(s.bolt.Path())
	if err != nil || fi.Size() == 0 {
		return
	}
	size := fi.Size()
	if avail := memAvailable(); avail <= 0 || size > avail/2 {
		return // it would not stay in memory
	}
	info := s.bolt.Info()
	switch r := residentFraction(info.Data, size); {
	case r < 0.9:
		readThrough(s.bolt.Path())
	case r < 1:
		// The few pages missing are read ahead together rather than
		// one by one as they are mapped.
		syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(size), syscall.MADV_WILLNEED)
	}
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(size), madvPopulateRead)
}

// memAvailable returns MemAvailable from /proc/meminfo in bytes, 0 if
// unknown.
func memAvailable() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("MemAvailable:")); ok {
			fields := bytes.Fields(rest)
			if len(fields) == 2 && string(fields[1]) == "kB" {
				if kb, err := strconv.ParseInt(string(fields[0]), 10, 64); err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
}

// residentFraction returns the share of the pages of the mapping at addr
// that are in the page cache (mincore), 1 if it cannot tell.
func residentFraction(addr uintptr, size int64) float64 {
	ps := int64(os.Getpagesize())
	vec := make([]byte, (size+ps-1)/ps)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, addr, uintptr(size), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		return 1
	}
	n := 0
	for _, b := range vec {
		n += int(b & 1)
	}
	return float64(n) / float64(len(vec))
}

// readThrough reads the file from start to end and discards it, which
// leaves it in the page cache.
func readThrough(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for {
		if _, err := f.Read(buf); err != nil {
			return
		}
	}
}
