terraform {
  # 1.9: validations that compare one variable with another
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0" # tested with 5.100
    }
  }
}
