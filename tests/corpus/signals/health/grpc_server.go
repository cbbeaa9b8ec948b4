package main

func serve() {
	s := grpc.NewServer()
	healthpb.RegisterHealthServer(s, health.NewServer())
}
