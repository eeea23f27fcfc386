# A stand-in for the b module: its outputs are what the test reads.
variable "size" {
  type    = string
  default = "small"
}

output "address" {
  value = "b.internal"
}
