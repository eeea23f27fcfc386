# A stand-in for the postgres module: its outputs are what the test reads.
variable "size" {
  type    = string
  default = "small"
}

output "address" {
  value = "postgres.internal"
}
