#include <doctest/doctest.h>

#include "cli/completion_uri.hpp"

using namespace vpt;

TEST_CASE("completion_refuses_uri") {
    SUBCASE("the default, local, test and plain remote URIs are opened") {
        for (const char* uri : {"", "qemu:///system", "qemu+unix:///system", "test:///tmp/host.xml",
                                "qemu+ssh://root@kvm1/system", "qemu+ssh://root@kvm1:2222/system?keyfile=/k&no_tty=1",
                                "qemu+tls://kvm1/system?pkipath=/etc/pki", "qemu+libssh2://kvm1/system?sshauth=agent",
                                "qemu+ssh://kvm1/system?mode=direct;proxy=native", "kvm1-alias"})
            CHECK_MESSAGE(!completion_refuses_uri(uri), uri);
    }
    SUBCASE("the ext transport runs a program") {
        CHECK(completion_refuses_uri("qemu+ext:///system?command=/tmp/x"));
        CHECK(completion_refuses_uri("qemu+ext:///system"));
        CHECK(completion_refuses_uri("QEMU+EXT:///system"));
        CHECK(completion_refuses_uri("qemu+ssh+ext:///system"));  // found by fuzz_shell_text
        CHECK(completion_refuses_uri("qemu+ext+ssh:///system"));
    }
    SUBCASE("parameters that run a program, name a socket or a file to write") {
        for (const char* uri : {"qemu+ssh://h/system?command=/tmp/evil", "qemu+ssh://h/system?netcat=touch%20x",
                                "qemu+unix:///system?socket=/run/docker.sock", "qemu+ssh://h/system?socket=/x;id",
                                "qemu+libssh://h/system?known_hosts=/home/u/.bashrc",
                                "qemu+libssh://h/system?known_hosts_verify=auto",
                                "qemu+ssh://h/system?keyfile=k&command=/tmp/evil",
                                "qemu+ssh://h/system?keyfile=k;command=/tmp/evil",
                                "qemu+ssh://h/system?COMMAND=/tmp/evil",
                                "qemu+ssh://h/system?comm%61nd=/tmp/evil", "qemu+ssh://h/system?command",
                                "qemu+ssh://h/system?bogus=1"})
            CHECK_MESSAGE(completion_refuses_uri(uri), uri);
        CHECK(completion_refuses_uri("qemu+ssh://h/system?netcat=nc")->find("netcat") != std::string::npos);
    }
    SUBCASE("a host ssh would read as one of its options") {
        CHECK(completion_refuses_uri("qemu+ssh://-oProxyCommand=touch%20x/system"));
        CHECK(completion_refuses_uri("qemu+ssh://user@%2DoProxyCommand=x/system"));
        CHECK_FALSE(completion_refuses_uri("qemu+ssh://user-name@host-1/system"));
    }
    SUBCASE("a fragment is not a parameter") {
        CHECK_FALSE(completion_refuses_uri("qemu+ssh://h/system?keyfile=k#command=x"));
    }
}
