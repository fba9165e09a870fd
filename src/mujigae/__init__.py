"""mujigae (무지개): the operating platform of a vocational education innovation district."""
