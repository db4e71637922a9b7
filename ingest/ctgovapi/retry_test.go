package ctgovapi

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
)

func TestRetryableTransport(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{io.ErrUnexpectedEOF, true},
		{&url.Error{Op: "Get", URL: "u", Err: io.EOF}, true},
		{&url.Error{Op: "Get", URL: "u", Err: &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}}, true},
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), true},
		{&net.DNSError{Err: "timeout", IsTimeout: true}, true},
		{&net.DNSError{Err: "no such host", IsNotFound: true}, false},
		{&url.Error{Op: "Get", URL: "ftp://x", Err: errors.New(`unsupported protocol scheme "ftp"`)}, false},
		{errors.New("x509: certificate signed by unknown authority"), false},
	} {
		if got := retryableTransport(tc.err); got != tc.want {
			t.Errorf("retryableTransport(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
