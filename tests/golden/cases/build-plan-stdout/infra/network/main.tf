# A stand-in for the network module: its outputs are what the test reads.
variable "size" {
  type    = string
  default = "small"
}

output "address" {
  value = "network.internal"
}
