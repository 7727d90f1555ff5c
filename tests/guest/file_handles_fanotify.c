/* file_handles_fanotify.c: name_to_handle_at (too small a buffer, then a handle), open_by_handle_at
 * reading the file back, and fanotify watching an open and a close-write of it. Without the
 * capabilities they need (CAP_DAC_READ_SEARCH, CAP_SYS_ADMIN) or on a file system without
 * handles, the host's refusal is printed, natively and under crossrun alike. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <unistd.h>
int main(void)
{
    char tmpl[] = "/tmp/fh.XXXXXX";
    char *dir = mkdtemp(tmpl);
    char path[64];
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    if (fd < 0 || write(fd, "hello\n", 6) != 6)
        return 1;
    close(fd);
    struct file_handle *h = malloc(sizeof *h + MAX_HANDLE_SZ);
    int mount_id;
    h->handle_bytes = 0;
    int r = name_to_handle_at(AT_FDCWD, path, h, &mount_id, 0);
    printf("name_to_handle_at, no room: %d %s, size needed %s\n", r,
           r < 0 ? strerrorname_np(errno) : "", h->handle_bytes > 0 ? "given" : "none");
    h->handle_bytes = MAX_HANDLE_SZ;
    r = name_to_handle_at(AT_FDCWD, path, h, &mount_id, 0);
    printf("name_to_handle_at: %d\n", r);
    int mfd = open(dir, O_RDONLY | O_DIRECTORY);
    int o = open_by_handle_at(mfd, h, O_RDONLY);
    char buf[16] = "";
    if (o >= 0) {
        if (read(o, buf, sizeof buf - 1) < 0)
            strcpy(buf, "?\n");
        close(o);
    }
    printf("open_by_handle_at: %s, read %s", o >= 0 ? "an fd" : strerrorname_np(errno),
           o >= 0 ? buf : "nothing\n");
    r = name_to_handle_at(AT_FDCWD, "/nonexistent/x", h, &mount_id, 0);
    printf("name_to_handle_at of nothing: %d %s\n", r, strerrorname_np(errno));
    int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);
    printf("fanotify_init: %s\n", fan >= 0 ? "an fd" : strerrorname_np(errno));
    if (fan >= 0) {
        r = fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE, AT_FDCWD, path);
        printf("fanotify_mark: %d %s\n", r, r < 0 ? strerrorname_np(errno) : "");
        int w = open(path, O_WRONLY);
        if (w < 0 || write(w, "x", 1) != 1)
            return 1;
        close(w);
        char ev[4096];
        ssize_t n = r == 0 ? read(fan, ev, sizeof ev) : 0;
        int opens = 0, closes = 0;
        struct fanotify_event_metadata *m = (void *)ev;
        for (; n > 0 && FAN_EVENT_OK(m, n); m = FAN_EVENT_NEXT(m, n)) {
            opens += !!(m->mask & FAN_OPEN);
            closes += !!(m->mask & FAN_CLOSE_WRITE);
            if (m->fd >= 0) close(m->fd);
        }
        printf("events: open %s, close-write %s\n", opens ? "yes" : "no", closes ? "yes" : "no");
        close(fan);
    }
    unlink(path);
    rmdir(dir);
    return 0;
}
