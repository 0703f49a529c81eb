#include "cli/app.hpp"

int main(int argc, char** argv) { return vpt::run_cli(argc, argv); }
