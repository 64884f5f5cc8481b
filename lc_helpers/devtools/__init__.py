"""Tools for developers that no report build uses: synthetic and scaled data, the scaffold, the benchmark."""
